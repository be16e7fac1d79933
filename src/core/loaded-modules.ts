/**
 * The process's CommonJS module cache, scanned in one place. Pulya finds a host's own files
 * from the objects the app hands it (Express's `app.handle`, Koa's response prototype) and
 * then requires that host's own dependencies from there, never pulya's copies, which could be
 * other versions. A host loaded from a bundle is not in the cache: callers then leave it alone.
 */
import { createRequire } from 'module'

/** The CommonJS modules loaded so far, by file. */
export function loadedModules(): NodeJS.Require['cache'] {
  return createRequire(`${process.cwd()}/`).cache
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
