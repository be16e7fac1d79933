/** The version of the pulya package a file belongs to. */
import { hostPackage } from '../core/explain.js'

/**
 * The version in the nearest package.json naming a package above `file`, when that package is
 * pulya (the build's own dist/esm/package.json names none and is passed over), or `unknown`.
 * @example packageVersion('/app/node_modules/pulya/dist/esm/cli/own-version.js') // '0.1.0'
 */
export function packageVersion(file: string): string {
  const found = hostPackage(file)
  return found?.name === 'pulya' ? found.version : 'unknown'
}
