/**
 * The extension point for the kinds of app the command knows (Express, Koa; a NestJS
 * `INestApplication` next): everything the command does that depends on the kind of app goes
 * through this interface, so a new kind is one module implementing it, added to APP_KINDS in
 * index.ts. Kinds are tried in that order; a kind wrapping another's app (Nest wraps Express)
 * goes before it, and may answer with the wrapped app's kind's work.
 */
import type { RequestListener, Server } from 'http'
import type { AppExplanation } from '../../core/explain.js'
import type { RouteInfo } from '../routes.js'

/** What a kind's beforeLoad gets: changes to the host module that last as long as the load. */
export interface LoadWatch {
  /** Replaces `owner[name]` with `value` until the load is over. */
  patch<T extends object, K extends keyof T>(owner: T, name: K, value: T[K]): void
}

/** The function that called `server.listen()`, as V8's stack trace names it. */
export interface ListenCaller {
  functionName: string | null
  /** The type of its `this`: `Function` for an Express app, `Application` for Koa's. */
  typeName: string | null
  fileName: string | null
}

/** The file Express and Koa both define their app's `listen` in. */
export const APPLICATION_FILE = /[\\/]lib[\\/]application\.js$/

/**
 * Does `value` carry state of a pulya install — of any build of pulya, the ESM or the CommonJS
 * one the user's code may load? Each build has symbols of its own, so they are known by their
 * descriptions (core/symbols.ts: every one starts `pulya.`).
 */
export function carriesPulya(value: object): boolean {
  return Object.getOwnPropertySymbols(value).some(
    (symbol) => symbol.description?.startsWith('pulya.') === true
  )
}

/** pulya's own server for a kind whose pulya has one (Express's server classes). */
export interface PulyaServer {
  create(app: unknown): Promise<Server>
  /** The line to change in the user's code: from, to. */
  code: { from: string; to: string }
}

/** One kind of app. */
export interface AppKind {
  /** Its name in JSON and in `--pulya-module`'s calls: `express`, `koa`. */
  readonly name: string
  /** Its name in sentences: `Express`, `Koa`. */
  readonly title: string
  /** Is `value` an app of this kind? */
  is(value: unknown): boolean
  /**
   * Prepares the host module the user's module resolves (`require` is made for that module's
   * file) before the module loads, for what the kind reads later (Express's sub-apps, Koa's
   * callbacks); a module it does not resolve is left alone.
   */
  beforeLoad(require: NodeJS.Require, watch: LoadWatch): void
  /**
   * Is `caller` the host's own `app.listen()`? A server it listens is listen mode; any other
   * server the module listens is the module's own (handler mode). Read from the stack, so an
   * app whose host module the user's file does not resolve (a monorepo, an alias) is seen too.
   */
  isOwnListen(caller: ListenCaller): boolean
  /** The app whose request listener `listener` is (a server's `request` listener), if one of this kind's. */
  appOfListener(listener: unknown): unknown
  /** Every route, in the order the host tries them. */
  routes(app: unknown): RouteInfo[]
  /** The template of the route answering `method path`, or null. */
  findRoute(app: unknown, method: string, path: string): string | null
  /** True when the app has nothing registered at all: no route, no middleware. */
  isEmpty(app: unknown): boolean
  /** Has the app's own code installed pulya already (`app.use(pulya())`)? See carriesPulya. */
  hasPulya(app: unknown): boolean
  /** pulya's documented install on an app already built. */
  installPulya(app: unknown, options: Record<string, unknown> | undefined): Promise<void>
  /** The listener the user's own `http.createServer(…)` takes: the app, or Koa's app.callback(). */
  handler(app: unknown): RequestListener
  /** How user code writes that: `http.createServer(app)`. */
  readonly handlerCode: string
  /** The documented `app.listen(port, host, ready)`. */
  listen(app: unknown, port: number, host: string, ready: () => void): Server
  /** pulya's own server for this kind, or why there is none (one sentence). */
  readonly pulyaServer: PulyaServer | { none: string }
  /**
   * What pulya does for `app` (pulya installed on it), from the adapter's explain function;
   * every index is built first (`warm(app)`, as a running app's warm-up does), then read.
   * Absent for a kind without one: `pulya explain` says so.
   */
  explain?(app: unknown): Promise<AppExplanation>
}
