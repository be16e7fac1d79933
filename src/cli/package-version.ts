/** Finding the pulya package a file belongs to, and its version. */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * The version in the nearest package.json named `pulya` above `file` (the build's own
 * dist/esm/package.json, which names no package, is passed over), or `unknown`.
 * @example packageVersion('/app/node_modules/pulya/dist/esm/cli/own-version.js') // '0.1.0'
 */
export function packageVersion(file: string): string {
  let dir = dirname(file)
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: unknown
        version?: unknown
      }
      if (manifest.name === 'pulya' && typeof manifest.version === 'string') return manifest.version
    } catch {
      // No package.json here (or not JSON): look further up.
    }
    const parent = dirname(dir)
    if (parent === dir) return 'unknown'
    dir = parent
  }
}
