/**
 * Fixture handlers that put what Express exposes to user code into the response:
 * `req.params` (own keys in order and the prototype), `req.baseUrl`, `req.originalUrl`,
 * `req.path`, `req.url`, `req.route.path`, `req.query`, `req.app`, the prototypes of
 * `req`/`res`, and the trace of middleware and param callbacks that ran before.
 * Whatever the dispatcher gets wrong then shows up in the bytes the runner compares.
 * @module
 */
import type {
  ErrorRequestHandler,
  NextFunction,
  Request,
  RequestHandler,
  RequestParamHandler,
  Response
} from 'express'

const TRACES = new WeakMap<object, string[]>()
const APP_NAMES = new WeakMap<object, string>()

/** Names an app, so `req.app` shows up by name in snapshots. */
export function nameApp<T extends object>(app: T, name: string): T {
  APP_NAMES.set(app, name)
  return app
}

function describeProto(value: object): string {
  const proto = Object.getPrototypeOf(value) as object | null
  if (proto === null) return 'null'
  return proto === Object.prototype ? 'Object' : typeof proto
}

/** Own keys in order, with values, of any params object (a `__proto__` key included). */
function entries(params: unknown): unknown {
  if (typeof params !== 'object' || params === null) return String(params)
  const record = params as Record<string, unknown>
  return {
    proto: describeProto(params),
    own: Object.getOwnPropertyNames(params).map((key) => [key, record[key]])
  }
}

function routePath(req: Request): string | null {
  const route = (req as { route?: { path?: unknown } }).route
  if (route === undefined) return null
  return String(route.path)
}

/** What Express tells user code about the current request, here and now. */
export function snapshot(req: Request): Record<string, unknown> {
  const app = req.app as unknown as { request: object; response: object; mountpath: unknown }
  return {
    method: req.method,
    url: req.url,
    originalUrl: req.originalUrl,
    baseUrl: req.baseUrl,
    path: req.path,
    params: entries(req.params),
    route: routePath(req),
    query: req.query,
    app: APP_NAMES.get(app) ?? 'unnamed',
    mountpath: app.mountpath,
    protos: Object.getPrototypeOf(req) === app.request && Object.getPrototypeOf(req.res) === app.response
  }
}

/** Appends `entry` (with the current url, baseUrl and params) to the request's trace. */
export function trace(req: Request, entry: string): void {
  const list = TRACES.get(req) ?? []
  list.push(
    `${entry} url=${req.url} base=${req.baseUrl} params=${JSON.stringify(entries(req.params))} route=${String(routePath(req))}`
  )
  TRACES.set(req, list)
}

/** The trace so far. */
export function traceOf(req: Request): string[] {
  return TRACES.get(req) ?? []
}

/** A middleware that records that it ran, then calls `next()`. */
export function mw(label: string): RequestHandler {
  return function traced(req, _res, next) {
    trace(req, label)
    next()
  }
}

/** Middleware that records, then calls `next(arg)` (`'route'`, `'router'`, an error…). */
export function nextWith(label: string, arg: unknown): RequestHandler {
  return function tracedNext(req, _res, next) {
    trace(req, label)
    next(arg)
  }
}

/** A handler that answers with its label, the trace and a snapshot (as JSON). */
export function reply(label: string, status = 200): RequestHandler {
  return function replying(req, res) {
    res.status(status).json({ at: label, trace: traceOf(req), here: snapshot(req) })
  }
}

/**
 * An error with a fixed stack: a real stack names dispatcher frames, which differ by
 * construction once pulya dispatches; a fixed one keeps dev-mode 500 pages comparable.
 */
export function fixedError(message: string, props: Record<string, unknown> = {}): Error {
  const error = new Error(message)
  error.stack = `Error: ${message}\n    at fixture (fixture.js:1:1)`
  return Object.assign(error, props)
}

/** A handler that records, then throws synchronously. */
export function thrower(label: string, props: Record<string, unknown> = {}): RequestHandler {
  return function throwing(req) {
    trace(req, label)
    throw fixedError(label, props)
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : `non-error ${typeof err}: ${String(err)}`
}

/**
 * A 4-argument error handler: `'respond'` answers with the error, `'pass'` calls
 * `next(err)`, `'recover'` calls `next()`.
 */
export function onError(
  label: string,
  mode: 'respond' | 'pass' | 'recover' = 'respond'
): ErrorRequestHandler {
  return function handleError(err: unknown, req: Request, res: Response, next: NextFunction) {
    trace(req, `${label} err=${errorMessage(err)}`)
    if (mode === 'pass') {
      next(err)
      return
    }
    if (mode === 'recover') {
      next()
      return
    }
    const status = (err as { status?: unknown }).status
    res
      .status(typeof status === 'number' ? status : 500)
      .json({ at: label, error: errorMessage(err), trace: traceOf(req), here: snapshot(req) })
  }
}

/** A param callback that records its name and value, then calls `next()`. */
export function onParam(label: string): RequestParamHandler {
  return function paramCallback(req, _res, next, value: unknown, name: unknown) {
    trace(req, `${label} ${String(name)}=${JSON.stringify(value)}`)
    next()
  }
}
