/**
 * Loads the user's app module in the app process: ESM or CommonJS, an app of a known kind
 * (app-kinds/), an http.Server serving one, or a (sync or async) factory returning either,
 * watching what the module does meanwhile (load-watch.ts) to learn how it serves the app.
 * Every failure is one line (a LoadError).
 */
import { existsSync } from 'fs'
import { createRequire } from 'module'
import { dirname, join, resolve } from 'path'
import { pathToFileURL } from 'url'
import { APP_KINDS, kindOf } from './app-kinds/index.js'
import { ModuleLoadWatch } from './load-watch.js'
import { appOfServer, isServer, moduleServing, type ModuleServing } from './serving.js'

/** An app that cannot be loaded: exit code 2 and this one line. */
export class LoadError extends Error {}

/** A loaded app: its kind's name (app-kinds/), the app, and how the module served it while loading. */
export interface LoadedApp {
  kind: string
  app: unknown
  /** null when the module showed nothing: an app exported and not served. */
  serving: ModuleServing | null
}

/** Which kind of app `value` is, by its kind's name, if any. */
export function appKind(value: unknown): string | undefined {
  return kindOf(value)?.name
}

/**
 * A hint for an export that is not an app yet: a NestJS application (it has getHttpAdapter)
 * registers its routes in `init()`. Empty when there is none.
 */
export function notReadyHint(value: unknown): string {
  const nest = value as { getHttpAdapter?: unknown } | null
  return typeof nest === 'object' && nest !== null && typeof nest.getHttpAdapter === 'function'
    ? ': it looks like a NestJS app; export its Express app, `app.getHttpAdapter().getInstance()`, after `await app.init()` (which registers the routes)'
    : ''
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

/**
 * For a module whose default export is not the app: its other exports that could be (an app, a
 * server, or a function: perhaps a factory), for `--export`. Empty when there are none.
 * @example exportHint({ createApp }) // '; its exports that could be: createApp (pass --export <name>)'
 */
function exportHint(mod: Record<string, unknown>): string {
  const defaults = mod['default']
  const names = new Set<string>()
  for (const holder of [mod, typeof defaults === 'object' && defaults !== null ? defaults : {}])
    for (const [name, value] of Object.entries(holder))
      if (
        name !== 'default' &&
        (typeof value === 'function' || kindOf(value) !== undefined || isServer(value))
      )
        names.add(name)
  return names.size === 0
    ? ''
    : `; its exports that could be: ${[...names].join(', ')} (pass --export <name>)`
}

/**
 * The app a module served while it loaded, for a module that does not export it (an entry file
 * ending in `app.listen(3000)`): the first server it listened whose request listener is an app
 * of a known kind.
 */
function servedOnLoad(watch: ModuleLoadWatch): LoadedApp | undefined {
  for (const { server } of watch.listened) {
    const found = appOfServer(server, watch.listened)
    if (found !== null)
      return { kind: found.kind.name, app: found.app, serving: moduleServing(found.app, watch.listened) }
  }
  return undefined
}

/** What an export is: an app (served as the module served it) or a server serving one. */
function resolveExport(value: unknown, watch: ModuleLoadWatch): LoadedApp | undefined {
  const kind = kindOf(value)
  if (kind !== undefined)
    return { kind: kind.name, app: value, serving: moduleServing(value, watch.listened) }
  if (!isServer(value)) return undefined
  const found = appOfServer(value, watch.listened)
  return found === null ? undefined : { kind: found.kind.name, app: found.app, serving: found.serving }
}

/**
 * Loads `path` (relative to `cwd`) and returns the app its export gives, every listen() of the
 * load moved to a free port on 127.0.0.1 (load-watch.ts). @throws LoadError
 * @example await loadApp('./server.js', undefined) // its app.listen(3000) got 127.0.0.1:<free>: listen mode
 */
export async function loadApp(
  path: string,
  exportName: string | undefined,
  cwd = process.cwd()
): Promise<LoadedApp> {
  const file = resolve(cwd, path)
  if (!existsSync(file)) throw new LoadError(`pulya: cannot load ${path}: no such file`)
  const watch = new ModuleLoadWatch((caller) => APP_KINDS.some((kind) => kind.isOwnListen(caller)))
  try {
    const require = createRequire(file)
    for (const kind of APP_KINDS) kind.beforeLoad(require, watch)
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
    // A module that exports nothing and serves its app as it loads: that app.
    const served = exportName === undefined ? servedOnLoad(watch) : undefined
    if (value === undefined && served !== undefined) return served
    if (value === undefined)
      throw new LoadError(
        `pulya: ${path} has no ${exportName === undefined ? `default export${exportHint(mod) || ' (use --export <name>)'}` : `export named ${exportName}`}`
      )
    let loaded = resolveExport(value, watch)
    if (loaded === undefined && typeof value === 'function') {
      try {
        value = await (value as () => unknown)()
      } catch (error) {
        throw new LoadError(`pulya: the factory ${name} of ${path} failed: ${firstLine(error)}`)
      }
      loaded = resolveExport(value, watch)
    }
    if (loaded === undefined && served !== undefined) return served
    if (loaded === undefined && isServer(value))
      throw new LoadError(
        `pulya: the ${name} export of ${path} is a server whose request listener is not an Express app nor a Koa app.callback() made while it loaded: export the app instead (--export <name>)`
      )
    if (loaded === undefined)
      throw new LoadError(
        `pulya: the ${name} export of ${path} is not an Express or Koa app, a server serving one, nor a factory returning either${notReadyHint(value) || (exportName === undefined ? exportHint(mod) : '')}`
      )
    return loaded
  } finally {
    watch.restore()
  }
}

/** An error's message, first line only. */
export function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0] as string
}
