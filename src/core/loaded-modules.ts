/**
 * The process's CommonJS module cache, scanned in one place. Pulya finds a host's own files
 * from the objects the app hands it (Express's `app.handle`, Koa's response prototype) and
 * then requires that host's own dependencies from there, never pulya's copies, which could be
 * other versions. A host loaded from a bundle is not in the cache: callers then leave it alone.
 */
// Through the namespace: webpack rewrites a call of an imported `createRequire` into its own
// `require` (`undefined` for a path it cannot read at build time), in the ESM build it bundles.
import * as nodeModule from 'module'

/**
 * Node's own `require` for modules found from `path` (a file, or a folder ending in `/`): the
 * host's dependencies as the host itself would load them, also where pulya is bundled.
 *
 * @example
 * requireFrom(applicationFile)('finalhandler')
 */
export function requireFrom(path: string): NodeJS.Require {
  return nodeModule.createRequire(path)
}

/** The CommonJS modules loaded so far, by file. */
export function loadedModules(): NodeJS.Require['cache'] {
  return requireFrom(`${process.cwd()}/`).cache
}

/**
 * The file of the first loaded module whose exports pass `test`, or undefined.
 *
 * @example
 * findLoadedModule((exports) => exports === Koa) // '…/node_modules/koa/lib/application.js'
 */
export function findLoadedModule(test: (exports: unknown) => boolean): string | undefined {
  const cache = loadedModules()
  for (const path of Object.keys(cache)) {
    if (test(cache[path]?.exports)) return path
  }
  return undefined
}

/** The file of the loaded module whose exports are `exports`, or undefined. */
export function modulePath(exports: unknown): string | undefined {
  return findLoadedModule((candidate) => candidate === exports)
}
