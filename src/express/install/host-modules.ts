/**
 * The modules an Express app itself runs with, found from the app.
 *
 * Pulya's default 404/500 answers must be the bytes the app's own `finalhandler` writes, so
 * they are built with that finalhandler's own helpers (its `encodeurl`, `escape-html`,
 * `parseurl`, `statuses`, `on-finished`), resolved from where the app's Express lives —
 * never from copies of pulya's own, which could be other versions.
 *
 * The app's `application.js` is the loaded module whose `handle` is the app's (Express mixes
 * those functions into every app). A bundled app has no such module: pulya then leaves the
 * final handler to Express.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { findLoadedModule } from '../../core/loaded-modules.js'
import { OnceMap } from '../../core/once.js'

/** The helpers of the app's finalhandler, and which finalhandler it is. */
export interface FinalhandlerModules {
  readonly encodeUrl: (url: string) => string
  readonly escapeHtml: (text: unknown) => string
  readonly originalUrl: (req: object) => { pathname?: string | null } | undefined
  readonly statusMessages: Readonly<Record<number, string | undefined>>
  readonly isFinished: (msg: object) => boolean
  readonly onFinished: (msg: object, listener: () => void) => unknown
  /** finalhandler logs through `debug`: when that is on, pulya stays out of the way. */
  readonly debugEnabled: boolean
}

/** finalhandler versions whose answers pulya reproduces (each one is in the contract suite). */
const SUPPORTED = /^(1\.3|2\.[0-9]+)\.[0-9]+$/

/** Where the module whose exports carry `handle` was loaded from, or undefined. */
function applicationPath(handle: object): string | undefined {
  // Express's application.js exports a plain object of methods; a module of the app's own
  // that exports the app (a function carrying the same `handle`) is not it.
  return findLoadedModule(
    (exports) =>
      typeof exports === 'object' &&
      (exports as { handle?: unknown } | null)?.handle === handle &&
      typeof (exports as { defaultConfiguration?: unknown }).defaultConfiguration === 'function'
  )
}

/** Per Express copy (every app of one Express shares `handle`). */
const requires = new OnceMap<object, NodeJS.Require | null>((handle) => {
  const application = applicationPath(handle)
  return application === undefined ? null : createRequire(application)
})
const finalhandlers = new OnceMap<object, FinalhandlerModules | null>(load)

/**
 * `require` from the app's own `lib/application.js` (so `./response`, `./utils` and its
 * dependencies resolve as Express's own do), or `null` when it cannot be found (a bundle).
 */
export function hostRequire(handle: object): NodeJS.Require | null {
  return requires.get(handle)
}

/** The text of the app's own `lib/application.js`, or `null` when it cannot be read. */
export function applicationSource(handle: object): string | null {
  const fromApplication = hostRequire(handle)
  if (fromApplication === null) return null
  try {
    return readFileSync(fromApplication.resolve('./application'), 'utf8')
  } catch {
    return null
  }
}

function load(handle: object): FinalhandlerModules | null {
  const fromApplication = hostRequire(handle)
  if (fromApplication === null) return null
  try {
    const fromFinalhandler = createRequire(fromApplication.resolve('finalhandler'))
    const { version } = fromFinalhandler('./package.json') as { version: string }
    if (!SUPPORTED.test(version)) return null
    const parseUrl = fromFinalhandler('parseurl') as { original: FinalhandlerModules['originalUrl'] }
    const onFinished = fromFinalhandler('on-finished') as FinalhandlerModules['onFinished'] & {
      isFinished: FinalhandlerModules['isFinished']
    }
    const debug = fromFinalhandler('debug') as (namespace: string) => { enabled?: boolean }
    return Object.freeze({
      encodeUrl: fromFinalhandler('encodeurl') as FinalhandlerModules['encodeUrl'],
      escapeHtml: fromFinalhandler('escape-html') as FinalhandlerModules['escapeHtml'],
      originalUrl: parseUrl.original,
      statusMessages: (fromFinalhandler('statuses') as { message: FinalhandlerModules['statusMessages'] })
        .message,
      isFinished: onFinished.isFinished,
      onFinished,
      debugEnabled: debug('finalhandler').enabled === true
    } satisfies FinalhandlerModules)
  } catch {
    return null
  }
}

/**
 * The finalhandler helpers of the Express whose application carries `handle`, or `null` when
 * they cannot be found (a bundle) or the finalhandler is one pulya does not reproduce.
 */
export function finalhandlerModules(handle: object): FinalhandlerModules | null {
  return finalhandlers.get(handle)
}
