/**
 * The modules an Express app itself runs with, found from the app once per Express copy and kept
 * in one frozen record that the response mirror and the final handler share.
 *
 * Pulya's answers must be the bytes the app's own Express writes, so what they are built from is
 * resolved from where the app's Express lives — its `lib/response.js`, `lib/utils.js`, `statuses`
 * and its finalhandler's own helpers (`encodeurl`, `escape-html`, `parseurl`, `statuses`,
 * `on-finished`) — never from copies of pulya's own, which could be other versions.
 *
 * The app's `application.js` is the loaded module whose `handle` is the app's (Express mixes
 * those functions into every app). A bundled app has no such module: every part of its record is
 * `null`, and pulya then leaves those answers to Express.
 */
import { readFileSync } from 'fs'
import { findLoadedModule, requireFrom } from '../../core/loaded-modules.js'
import { OnceMap } from '../../core/once.js'

type Method = (...args: never[]) => unknown

/** Express's `lib/response.js`: the methods the response mirror reads. */
export interface ResponseModule {
  readonly send: Method
  readonly json: Method
  readonly sendStatus: Method
  readonly set: Method
  readonly type: Method
}

/** finalhandler's options, as Express passes them. */
export interface FinalhandlerOptions {
  readonly env: unknown
  readonly onerror: (err: unknown) => void
}

/** The helpers of the app's finalhandler, and which finalhandler it is. */
export interface FinalhandlerModules {
  /** finalhandler itself: what answers when pulya's final handler fails. */
  readonly create: (req: object, res: object, options: FinalhandlerOptions) => (err?: unknown) => void
  readonly encodeUrl: (url: string) => string
  readonly escapeHtml: (text: unknown) => string
  readonly originalUrl: (req: object) => { pathname?: string | null } | undefined
  readonly statusMessages: Readonly<Record<number, string | undefined>>
  readonly isFinished: (msg: object) => boolean
  readonly onFinished: (msg: object, listener: () => void) => unknown
  /** finalhandler logs through `debug`: when that is on, pulya stays out of the way. */
  readonly debugEnabled: boolean
}

/** What pulya uses of one Express copy's files; a part that cannot be found is `null`. */
export interface HostModules {
  /**
   * `require` from the app's own `lib/application.js`, so its relative paths and dependencies
   * resolve as Express's own do.
   */
  readonly require: NodeJS.Require | null
  /** The text of `lib/application.js` (its private `logerror` is read from it). */
  readonly applicationSource: string | null
  /** `lib/response.js`. */
  readonly response: ResponseModule | null
  /** `lib/utils.js`'s `setCharset`. */
  readonly setCharset: ((type: string, charset: string) => string) | null
  /** The messages of the `statuses` Express's response uses (`res.sendStatus`'s bodies). */
  readonly statusMessages: Readonly<Record<string, string | undefined>> | null
  /** The finalhandler's helpers, when it is a finalhandler pulya reproduces (1.3.x, 2.x). */
  readonly finalhandler: FinalhandlerModules | null
}

/** finalhandler versions whose answers pulya reproduces (each one is in the contract suite). */
const SUPPORTED = /^(1\.3|2\.[0-9]+)\.[0-9]+$/

/**
 * The modules of the Express whose application carries `handle` (every app of one Express copy
 * shares it): found on first use, the same frozen record after.
 *
 * @example hostModules(app.handle).finalhandler?.escapeHtml('<') // '&lt;'
 */
export function hostModules(handle: object): HostModules {
  return RECORDS.get(handle)
}

const RECORDS = new OnceMap<object, HostModules>((handle) => {
  const application = applicationPath('handle', handle)
  const require = application === undefined ? null : requireFrom(application)
  return Object.freeze({
    require,
    applicationSource: application === undefined ? null : readText(application),
    response: load(require, (from) => from('./response') as ResponseModule),
    setCharset: load(require, (from) => {
      const { setCharset } = from('./utils') as { setCharset?: unknown }
      return typeof setCharset === 'function' ? (setCharset as HostModules['setCharset']) : null
    }),
    statusMessages: load(
      require,
      (from) => (from('statuses') as { message: HostModules['statusMessages'] }).message
    ),
    finalhandler: load(require, finalhandlerOf)
  } satisfies HostModules)
})

/**
 * Where the Express copy's `lib/application.js` was loaded from, found by one of its methods
 * every app of that copy carries (`handle`; `defaultConfiguration`, which pulya never wraps), or
 * undefined when it is not in the module cache (a bundle).
 * @example applicationPath('defaultConfiguration', app.defaultConfiguration) // '…/express/lib/application.js'
 */
export function applicationPath(
  member: 'handle' | 'defaultConfiguration',
  value: unknown
): string | undefined {
  // Express's application.js exports a plain object of methods; a module of the app's own
  // that exports the app (a function carrying the same methods) is not it.
  return findLoadedModule(
    (exports) =>
      typeof exports === 'object' &&
      (exports as Record<string, unknown> | null)?.[member] === value &&
      typeof (exports as { defaultConfiguration?: unknown }).defaultConfiguration === 'function'
  )
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return null
  }
}

/** One part of the record, `null` when it cannot be required from there. */
function load<T>(require: NodeJS.Require | null, part: (from: NodeJS.Require) => T | null): T | null {
  if (require === null) return null
  try {
    return part(require)
  } catch {
    return null
  }
}

function finalhandlerOf(fromApplication: NodeJS.Require): FinalhandlerModules | null {
  const fromFinalhandler = requireFrom(fromApplication.resolve('finalhandler'))
  const { version } = fromFinalhandler('./package.json') as { version: string }
  if (!SUPPORTED.test(version)) return null
  const parseUrl = fromFinalhandler('parseurl') as { original: FinalhandlerModules['originalUrl'] }
  const onFinished = fromFinalhandler('on-finished') as FinalhandlerModules['onFinished'] & {
    isFinished: FinalhandlerModules['isFinished']
  }
  const debug = fromFinalhandler('debug') as (namespace: string) => { enabled?: boolean }
  return Object.freeze({
    create: fromApplication('finalhandler') as FinalhandlerModules['create'],
    encodeUrl: fromFinalhandler('encodeurl') as FinalhandlerModules['encodeUrl'],
    escapeHtml: fromFinalhandler('escape-html') as FinalhandlerModules['escapeHtml'],
    originalUrl: parseUrl.original,
    statusMessages: (fromFinalhandler('statuses') as { message: FinalhandlerModules['statusMessages'] })
      .message,
    isFinished: onFinished.isFinished,
    onFinished,
    debugEnabled: debug('finalhandler').enabled === true
  } satisfies FinalhandlerModules)
}
