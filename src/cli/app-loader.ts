/**
 * Loads the user's app module in the child process: ESM or CommonJS, an Express or Koa app
 * or a (sync or async) factory returning one. Every failure is one line (a LoadError).
 */
import { existsSync } from 'fs'
import { createRequire } from 'module'
import { Server } from 'net'
import { dirname, join, resolve } from 'path'
import { pathToFileURL } from 'url'
import { isExpressApp } from '../express/install/install.js'
import { recordMountedApps } from '../express/routing/route-tree.js'

/** An app that cannot be loaded: exit code 2 and this one line. */
export class LoadError extends Error {}

export type AppKind = 'express' | 'koa'

/** A loaded app and which host it is. */
export interface LoadedApp {
  kind: AppKind
  app: unknown
}

/** Which host `value` is an app of, if any. */
export function appKind(value: unknown): AppKind | undefined {
  if (isExpressApp(value)) return 'express'
  const koa = value as { middleware?: unknown; callback?: unknown; use?: unknown } | null
  if (
    typeof koa === 'object' &&
    koa !== null &&
    Array.isArray(koa.middleware) &&
    typeof koa.callback === 'function' &&
    typeof koa.use === 'function'
  )
    return 'koa'
  return undefined
}

/**
 * Express keeps no link from a router to the sub-apps mounted on it (the layer holds a
 * closure), so before the app is built, the `express` the app resolves gets an
 * `application.use` that records each `mounted_app` layer's sub-app for the route tree
 * (express/routing/route-tree.ts).
 */
export function recordSubApps(file: string): void {
  let proto: { use: (...args: unknown[]) => unknown }
  try {
    proto = (createRequire(file)('express') as { application: typeof proto }).application
  } catch {
    return
  }
  const use = proto.use
  proto.use = function (this: unknown, ...args: unknown[]): unknown {
    const apps = args.flat(Infinity).filter(isExpressApp)
    const result = use.apply(this, args)
    recordMountedApps(this, apps)
    return result
  }
}

/**
 * A module's exports. CommonJS is required, not imported: imported, it has no `module.parent`,
 * and the common `if (!module.parent) app.listen(3000)` (Express's own examples) would open
 * the app's port. ESM (`.mjs`, `.js` of a `"type": "module"` package) is imported.
 */
async function importModule(file: string): Promise<Record<string, unknown>> {
  if (!/\.m[jt]s$/.test(file)) {
    try {
      const exports = createRequire(file)(file) as Record<string, unknown> | null
      // Node 22+ requires ESM too, and gives its namespace.
      if (Object.prototype.toString.call(exports) === '[object Module]')
        return exports as Record<string, unknown>
      if (typeof exports !== 'object' || exports === null) return { default: exports }
      // TypeScript's and Babel's CommonJS output keeps the default export on `exports.default`.
      return {
        ...exports,
        default: exports['__esModule'] === true && 'default' in exports ? exports['default'] : exports
      }
    } catch (error) {
      if (
        (error as { code?: unknown }).code !== 'ERR_REQUIRE_ESM' &&
        (error as { code?: unknown }).code !== 'ERR_REQUIRE_ASYNC_MODULE'
      )
        throw error
    }
  }
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>
}

/** TypeScript module extensions: loaded through tsx. */
const TYPESCRIPT = /\.[cm]?tsx?$/

/**
 * The node options that let a child process load `path`: none for JavaScript; for TypeScript,
 * tsx's documented `--import tsx`, tsx resolved as the app's own imports resolve it (from the
 * app's folder up, then from `cwd`).
 * @throws LoadError naming tsx when a TypeScript app is given and tsx is not installed
 * @example typeScriptLoader('./app.ts') // ['--import', 'file:///…/node_modules/tsx/dist/loader.mjs']
 */
export function typeScriptLoader(path: string, cwd = process.cwd()): string[] {
  const file = resolve(cwd, path)
  // A missing file is loadApp's to report.
  if (!TYPESCRIPT.test(path) || !existsSync(file)) return []
  for (const from of [file, join(cwd, 'package.json'), join(dirname(file), 'package.json')]) {
    try {
      return ['--import', pathToFileURL(createRequire(from).resolve('tsx')).href]
    } catch {
      // Not found from there: try the next place.
    }
  }
  throw new LoadError(`pulya: ${path} is TypeScript: install tsx to load it (npm install --save-dev tsx)`)
}

/** Loads `path` (relative to `cwd`) and returns the app its export gives. @throws LoadError */
export async function loadApp(
  path: string,
  exportName: string | undefined,
  cwd = process.cwd()
): Promise<LoadedApp> {
  const file = resolve(cwd, path)
  if (!existsSync(file)) throw new LoadError(`pulya: cannot load ${path}: no such file`)
  recordSubApps(file)
  let mod: Record<string, unknown>
  try {
    mod = await importModule(file)
  } catch (error) {
    throw new LoadError(`pulya: cannot load ${path}: ${firstLine(error)}`)
  }
  const name = exportName ?? 'default'
  let value = mod[name]
  // A CommonJS `module.exports = { createApp }` imported as ESM: its names are on the default too.
  if (value === undefined && exportName !== undefined)
    value = (mod['default'] as Record<string, unknown> | undefined)?.[exportName]
  if (value === undefined)
    throw new LoadError(
      `pulya: ${path} has no ${exportName === undefined ? 'default export' : `export named ${exportName}`}${exportName === undefined ? ' (use --export <name>)' : ''}`
    )
  if (appKind(value) === undefined && typeof value === 'function') {
    try {
      value = await (value as () => unknown)()
    } catch (error) {
      throw new LoadError(`pulya: the factory ${name} of ${path} failed: ${firstLine(error)}`)
    }
  }
  const kind = appKind(value)
  if (kind === undefined)
    throw new LoadError(
      `pulya: the ${name} export of ${path} is not an Express or Koa app, nor a factory returning one`
    )
  return { kind, app: value }
}

/**
 * Loads the app as loadApp does, with every listen() during the load rebound to a free port on
 * 127.0.0.1: an app module that starts its own server when loaded (`app.listen(3000)` at the
 * end of the file) must not open the app's port to the network, nor make the second app
 * process fail on a taken port. The app process loads once, so nothing else listens meanwhile.
 * @example await loadWithoutOwnPort('./server.js', undefined) // its listen(3000) got 127.0.0.1:<free>
 */
export async function loadWithoutOwnPort(
  path: string,
  exportName: string | undefined,
  cwd = process.cwd()
): Promise<LoadedApp> {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be restored, and called with .call(this)
  const listen = Server.prototype.listen as (...args: unknown[]) => Server
  Server.prototype.listen = function (this: Server, ...args: unknown[]): Server {
    return listen.call(
      this,
      0,
      '127.0.0.1',
      args.find((arg) => typeof arg === 'function')
    )
  } as typeof Server.prototype.listen
  try {
    return await loadApp(path, exportName, cwd)
  } finally {
    Server.prototype.listen = listen as typeof Server.prototype.listen
  }
}

/** An error's message, first line only. */
export function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0] as string
}
