/**
 * pulya's own version in the CommonJS build (the twin of own-version.ts): found from this
 * file's own path, `__filename`.
 */
import { packageVersion } from './package-version.js'

/** The version of the pulya package this module is part of, or `unknown`. */
export function ownVersion(): string {
  return packageVersion(__filename)
}
