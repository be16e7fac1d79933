/**
 * Servers whose requests are born with the app's prototypes (docs/how-it-works.md#server-classes).
 *
 * Changing an object's prototype after it was built, as Express's `Object.setPrototypeOf` does
 * per request, sends V8 down slow paths for everything that object does next; objects built from
 * classes whose prototypes already are the app's `request`/`response` make that call a no-op.
 * Sub-apps still switch prototypes as in vanilla.
 */
import http from 'http'
import https from 'https'
import { syncBuiltinESMExports } from 'module'
import { SERVER_CLASSES as CLASSES } from '../../core/symbols.js'
import { installedContext } from './install-context.js'
import { warmAsServerStarts, type Listen } from './warm-up.js'

/** The parts of an Express application this module uses. */
export interface AppWithPrototypes {
  request: object
  response: object
  // `never[]`: Express's own overloaded `listen` must be assignable here (a TypeScript app
  // passes its `Express` to `createServer`).
  listen: (...args: never[]) => unknown
  [CLASSES]?: ServerClasses
}

export interface ServerClasses {
  readonly IncomingMessage: typeof http.IncomingMessage
  readonly ServerResponse: typeof http.ServerResponse
}

/**
 * A class for `http.createServer` whose prototype takes the place of the app's `request` (or
 * `response`) object: the class's prototype gets that object's own properties (`app`, and
 * whatever the app added) and its prototype (`express.request`, or a parent app's), and
 * {@link serverClasses} makes it `app.request`. The prototype chain is then vanilla's, one
 * object for one object — code that walks or patches it (Express's mount listener, light-my-request's
 * `Object.setPrototypeOf(Object.getPrototypeOf(app.request), …)`) finds what it finds without
 * pulya — and `req.constructor` is Node's class, as in vanilla.
 *
 * (A constructor returning `Reflect.construct(Base, args, target)` with the app's own object as
 * `target.prototype` keeps even the object's identity, but made each request 4–6× slower to
 * build: bench/NOTES.md, "Server classes".)
 */
function serverClassFor<T extends typeof http.IncomingMessage | typeof http.ServerResponse>(
  Base: T,
  object: object
): { Class: T; proto: object } {
  const Class = class extends (Base as unknown as new (...args: never[]) => object) {}
  const proto = Class.prototype as object
  Reflect.deleteProperty(proto, 'constructor')
  Object.defineProperties(proto, Object.getOwnPropertyDescriptors(object))
  Object.setPrototypeOf(proto, Object.getPrototypeOf(object) as object)
  return { Class: Class as unknown as T, proto }
}

/**
 * The server classes of `app`, made once and kept on the app: `app.request`/`app.response`
 * become their prototypes (see {@link serverClassFor}). Done when pulya is installed, before
 * the app mounts its sub-apps: a sub-app's `request` inherits from its parent's `app.request`
 * at mount time, so it inherits from these.
 */
export function serverClasses(app: AppWithPrototypes): ServerClasses {
  const existing = app[CLASSES]
  if (existing !== undefined) return existing
  const request = serverClassFor(http.IncomingMessage, app.request)
  const response = serverClassFor(http.ServerResponse, app.response)
  app.request = request.proto
  app.response = response.proto
  const classes: ServerClasses = { IncomingMessage: request.Class, ServerResponse: response.Class }
  Object.defineProperty(app, CLASSES, {
    configurable: true,
    enumerable: false,
    writable: false,
    value: classes
  })
  return classes
}

/**
 * Creates an `http.Server` for an Express app, as `http.createServer(app)` does, with
 * request and response classes that already carry the app's prototypes; with pulya installed
 * (and `warm` on), every router's index starts being built, off the request path.
 *
 * @param app - an Express 4 or 5 application
 * @param options - `http.createServer` options; `IncomingMessage`/`ServerResponse` are pulya's
 * @example
 * import { createServer } from 'pulya/express'
 * createServer(app).listen(3000)
 */
export function createServer(app: AppWithPrototypes, options: http.ServerOptions = {}): http.Server {
  warmAsServerStarts(installedContext(app))
  const classes = serverClasses(app)
  return http.createServer(
    { ...options, IncomingMessage: classes.IncomingMessage, ServerResponse: classes.ServerResponse },
    app as unknown as http.RequestListener
  )
}

/**
 * `app.listen` that creates its server with pulya's classes. Express's own `listen` runs
 * unchanged (its callback and error handling differ between majors); only the
 * `http.createServer` it calls, synchronously, is given the classes (see {@link creatingServersWith}).
 */
export function withServerClasses(listen: Listen): Listen {
  return function listenWithServerClasses(this: unknown, ...args: unknown[]): unknown {
    return creatingServersWith(serverClasses(this as AppWithPrototypes), () => listen.apply(this, args))
  }
}

type CreateServer = (...args: unknown[]) => unknown

/** `createServer` of `http` or `https` that adds `classes` to the options it is given. */
function givingClasses(createServer: CreateServer, classes: ServerClasses): CreateServer {
  return function createServerWithClasses(...args: unknown[]): unknown {
    // createServer(listener) or createServer(options, listener): both take the classes in options.
    const [first, second] = args
    if (typeof first === 'function' || first === undefined) return createServer({ ...classes }, first)
    return createServer({ ...(first as object), ...classes }, second)
  }
}

/**
 * Runs `run` with `http.createServer` and `https.createServer` giving every server they make
 * `classes`, and puts them back after. For code that makes its server itself, out of pulya's
 * reach, and keeps its own work around it: Express's `listen`, NestJS's adapter. Builtins an ES
 * module imported (`import * as http from 'http'`, as NestJS 12 does) see the change through
 * `syncBuiltinESMExports`, the way Node documents for changing a builtin's exports.
 *
 * @example creatingServersWith(serverClasses(app), () => listen.apply(app, args))
 */
export function creatingServersWith<T>(classes: ServerClasses, run: () => T): T {
  const mutableHttp = http as unknown as { createServer: CreateServer }
  const mutableHttps = https as unknown as { createServer: CreateServer }
  const ownHttp = mutableHttp.createServer
  const ownHttps = mutableHttps.createServer
  mutableHttp.createServer = givingClasses(ownHttp, classes)
  mutableHttps.createServer = givingClasses(ownHttps, classes)
  syncBuiltinESMExports()
  try {
    return run()
  } finally {
    mutableHttp.createServer = ownHttp
    mutableHttps.createServer = ownHttps
    syncBuiltinESMExports()
  }
}
