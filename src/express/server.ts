/**
 * Servers whose requests are born with the app's prototypes.
 *
 * Express gives every request and response the app's prototypes with
 * `Object.setPrototypeOf` (Express 4 in `expressInit`, Express 5 in `app.handle`). Changing an
 * object's prototype after it was built sends V8 down slow paths for everything that object
 * does next. When pulya creates the server, the objects are instead constructed from classes
 * whose prototypes already are the app's `request`/`response`, so Express's call finds the
 * prototype already in place and does nothing. Sub-apps still switch prototypes as in vanilla.
 */
import http from 'node:http'
import { installedContext } from './install-context.js'
import { warmInBackground } from './router-accelerator.js'
import { WARM_DELAY_MS } from '../core/warm.js'

/** The parts of an Express application this module uses. */
export interface AppWithPrototypes {
  request: object
  response: object
  // `never[]`: Express's own overloaded `listen` must be assignable here (a TypeScript app
  // passes its `Express` to `createServer`).
  listen: (...args: never[]) => unknown
  // The parent is `object` here: Express types it as `Application`, which declares no
  // `request`/`response` though every app has them (a TypeScript app passes its `Express`).
  on: (event: 'mount', listener: (parent: object) => void) => unknown
  [CLASSES]?: ServerClasses
}

interface ServerClasses {
  readonly IncomingMessage: typeof http.IncomingMessage
  readonly ServerResponse: typeof http.ServerResponse
}

const CLASSES = Symbol('pulya.serverClasses')

/**
 * Splices a class in front of the app's request and response prototypes (once per app):
 * `app.request` becomes the class's prototype, which inherits from the old `app.request`, so
 * everything reachable before (`req.app`, `express.request` extensions) still is.
 *
 * Pulya splices when it is installed, before the app mounts its sub-apps: a sub-app's
 * `request` inherits from its parent's `app.request` at mount time, so sub-apps mounted
 * afterwards see what is later added to the parent's `app.request`, as in vanilla.
 */
export function serverClasses(app: AppWithPrototypes): ServerClasses {
  const existing = app[CLASSES]
  if (existing !== undefined) return existing
  class Request extends http.IncomingMessage {}
  class Response extends http.ServerResponse {}
  const request = app.request
  const response = app.response
  Object.setPrototypeOf(Request.prototype, request)
  Object.setPrototypeOf(Response.prototype, response)
  app.request = Request.prototype
  app.response = Response.prototype
  // Mounting (again) makes Express point `app.request` at the parent's: that is what the
  // spliced-out objects must inherit from, with the classes' prototypes still in front.
  // Express's own mount listener is registered at app creation, so it has run by now.
  app.on('mount', (mounted) => {
    const parent = mounted as { request: object; response: object }
    Object.setPrototypeOf(request, parent.request)
    Object.setPrototypeOf(response, parent.response)
    Object.setPrototypeOf(Request.prototype, request)
    Object.setPrototypeOf(Response.prototype, response)
  })
  const classes = { IncomingMessage: Request, ServerResponse: Response } as unknown as ServerClasses
  Object.defineProperty(app, CLASSES, { configurable: true, enumerable: false, writable: false, value: classes })
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
  const context = installedContext(app)
  if (context?.options.warm === true) warmInBackground(context, WARM_DELAY_MS)
  const classes = serverClasses(app)
  return http.createServer({ ...options, IncomingMessage: classes.IncomingMessage, ServerResponse: classes.ServerResponse }, app as unknown as http.RequestListener)
}

/**
 * Makes `app.listen()` create its server with pulya's classes. Express's own `listen` runs
 * unchanged (its callback and error handling differ between majors); only the
 * `http.createServer` it calls, synchronously, is given the classes for that one call.
 */
export function installServerClasses(app: AppWithPrototypes): void {
  serverClasses(app)
  const listen = app.listen
  app.listen = function listen_(this: AppWithPrototypes, ...args: unknown[]): unknown {
    const classes = serverClasses(this)
    const createServer = http.createServer
    // Express calls exactly `http.createServer(app)`.
    const patched = (listener: http.RequestListener): http.Server =>
      createServer({ IncomingMessage: classes.IncomingMessage, ServerResponse: classes.ServerResponse }, listener)
    const mutable = http as { createServer: unknown }
    mutable.createServer = patched
    try {
      return (listen as (...args: unknown[]) => unknown).apply(this, args)
    } finally {
      mutable.createServer = createServer
    }
  }
}
