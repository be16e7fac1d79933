/**
 * pulya's own version, read from the package.json of the pulya this file belongs to. Found
 * from this module's own URL, not from `process.argv[1]`: through `npx` or a `.bin` symlink the
 * script path points into `node_modules/.bin`, whose parents hold the user's package.json.
 * The CommonJS build uses own-version-cjs.cts (no `import.meta` there).
 */
import { fileURLToPath } from 'url'
import { packageVersion } from './package-version.js'

// The CommonJS build type-checks this file too before own-version-cjs.cts replaces it, and
// `import.meta` is ESM-only: the directive is for that pass (tshy's documented way).
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore
const HERE: string = fileURLToPath(import.meta.url)

/**
 * The version of the pulya package this module is part of, or `unknown`.
 * @example ownVersion() // '0.1.0'
 */
export function ownVersion(): string {
  return packageVersion(HERE)
}
