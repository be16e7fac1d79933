/**
 * Express's default 404 and error answers with their pages built once
 * (docs/how-it-works.md#responses).
 *
 * Pulya's `done` follows finalhandler step by step (status rules, header calls in the same
 * order, the wait for the request to finish, the deferred log line) and takes the finished page
 * from a bounded table; development error pages carry a stack, so they are built per error.
 * The helpers are the app's own finalhandler's (install/host-modules.ts), so the bytes are its bytes.
 */
import { LRUCache } from 'lru-cache'
import { declarationOf, fingerprintText, knownSourcesOf } from '../../core/known-sources.js'
import type { FinalhandlerModules, HostModules } from '../install/host-modules.js'
import { EXPRESS_KNOWN_SOURCES } from './known-sources.js'
import { OnceMap } from '../../core/once.js'
import { fault } from '../../core/fault-points.js'
import { fellBack } from '../../core/fallbacks.js'

/** A finished page: the HTML document and its length in bytes. */
interface Page {
  readonly body: string
  readonly length: number
}

/** The parts of an Express app the final handler reads. */
export interface AppWithEnv {
  get: (setting: string) => unknown
}

/** What finalhandler reads of a request. */
interface FinalRequest {
  method: string
  httpVersionMajor: number
  socket?: { destroy: () => void } | null
  unpipe: () => void
  resume: () => void
}

/** What finalhandler writes on a response. */
interface FinalResponse {
  statusCode: number
  statusMessage: string | undefined
  readonly headersSent: boolean
  removeHeader: (name: string) => void
  setHeader: (name: string, value: unknown) => void
  end: (body?: string, encoding?: BufferEncoding) => void
}

type ErrorHeaders = Record<string, unknown>

/** 404 pages kept per app's Express: method + path pairs. */
const NOT_FOUND_PAGES_MAX = 256
/** Paths longer than this get their 404 page built each time (never kept). */
const NOT_FOUND_PATH_MAX = 1024

/** The pages and helpers of one Express (one finalhandler). */
export class FinalPages {
  readonly #modules: FinalhandlerModules
  readonly #notFound = new LRUCache<string, Page>({ max: NOT_FOUND_PAGES_MAX })
  readonly #byStatus = new Map<number, Page>()

  constructor(modules: FinalhandlerModules) {
    this.#modules = modules
  }

  get modules(): FinalhandlerModules {
    return this.#modules
  }

  /** finalhandler's `createHtmlDocument`, measured. */
  page(message: unknown): Page {
    const body =
      '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>' +
      this.#modules.escapeHtml(message).replaceAll('\n', '<br>').replaceAll('  ', ' &nbsp;') +
      '</pre>\n</body>\n</html>\n'
    return { body, length: Buffer.byteLength(body, 'utf8') }
  }

  /** The page of `Cannot <METHOD> <path>`, kept per method and path. */
  notFound(req: FinalRequest): Page {
    const name = this.#resourceName(req)
    const key = `${req.method} ${name}`
    const kept = key.length <= NOT_FOUND_PATH_MAX
    let page = kept ? this.#notFound.get(key) : undefined
    if (page === undefined) {
      page = this.page(`Cannot ${req.method} ${this.#modules.encodeUrl(name)}`)
      if (kept) this.#notFound.set(key, page)
    }
    return page
  }

  /** The page whose message is the status's own text (production errors). */
  forStatus(status: number): Page {
    let page = this.#byStatus.get(status)
    if (page === undefined) {
      page = this.page(this.#modules.statusMessages[status])
      this.#byStatus.set(status, page)
    }
    return page
  }

  // finalhandler's getResourceName.
  #resourceName(req: FinalRequest): string {
    try {
      return this.#modules.originalUrl(req)?.pathname as string
    } catch {
      return 'resource'
    }
  }
}

const PAGES = new OnceMap<FinalhandlerModules, FinalPages>((modules) => new FinalPages(modules))

/** The one page table of a finalhandler. */
export function pagesFor(modules: FinalhandlerModules): FinalPages {
  return PAGES.get(modules)
}

// finalhandler's getErrorStatusCode.
function errorStatus(err: { status?: unknown; statusCode?: unknown }): number | undefined {
  if (typeof err.status === 'number' && err.status >= 400 && err.status < 600) return err.status
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 600)
    return err.statusCode
  return undefined
}

// finalhandler's getResponseStatusCode.
function responseStatus(res: FinalResponse): number {
  const status = res.statusCode as unknown
  return typeof status !== 'number' || status < 400 || status > 599 ? 500 : status
}

// finalhandler's getErrorHeaders: a copy of the own enumerable string keys, taken now.
function errorHeaders(err: { headers?: unknown }): ErrorHeaders | undefined {
  const headers = err.headers
  if (!headers || typeof headers !== 'object') return undefined
  const copy: ErrorHeaders = {}
  for (const key of Object.keys(headers)) copy[key] = (headers as ErrorHeaders)[key]
  return copy
}

/** Express's `logerror`, bound to the app: Express 4–5.2 log the stack, Express 5.3 the error. */
export type ErrorLogger = (this: AppWithEnv, err: unknown) => void

/** Express 4 and 5.0–5.2 log the stack (or the error's string). */
function logErrorStack(this: AppWithEnv, err: unknown): void {
  const error = err as { stack?: unknown; toString: () => string }
  if (this.get('env') !== 'test') console.error(error.stack || error.toString())
}

/** Express 5.3 logs the error itself. */
function logErrorObject(this: AppWithEnv, err: unknown): void {
  if (this.get('env') !== 'test') console.error(err)
}

function runLogger(logger: ErrorLogger, err: unknown, app: AppWithEnv): void {
  logger.call(app, err)
}

/** finalhandler's `send`: one response, written now or once the request has been read. */
function send(
  pages: FinalPages,
  req: FinalRequest,
  res: FinalResponse,
  status: number,
  headers: ErrorHeaders | undefined,
  page: Page
): void {
  const modules = pages.modules
  const write = (): void => {
    res.statusCode = status
    if (req.httpVersionMajor < 2) res.statusMessage = modules.statusMessages[status]
    res.removeHeader('Content-Encoding')
    res.removeHeader('Content-Language')
    res.removeHeader('Content-Range')
    if (headers !== undefined) {
      for (const key of Object.keys(headers)) res.setHeader(key, headers[key])
    }
    res.setHeader('Content-Security-Policy', "default-src 'none'")
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Content-Type', 'text/html; charset=utf-8')
    res.setHeader('Content-Length', page.length)
    if (req.method === 'HEAD') {
      res.end()
      return
    }
    res.end(page.body, 'utf8')
  }
  if (modules.isFinished(req)) {
    write()
    return
  }
  req.unpipe()
  modules.onFinished(req, write)
  req.resume()
}

/**
 * The `done` of one request, as `finalhandler(req, res, { env, onerror })` returns it.
 *
 * @param env - the app's `env` setting, read when the request entered the app (as Express does)
 */
export function finalHandler(
  pages: FinalPages,
  app: AppWithEnv,
  env: unknown,
  logger: ErrorLogger,
  req: FinalRequest,
  res: FinalResponse
): (err?: unknown) => void {
  // finalhandler settles the environment when it is created, per request.
  const mode = env || process.env['NODE_ENV'] || 'development'
  return function done(err?: unknown): void {
    if (!err && res.headersSent) return
    let status: number
    let headers: ErrorHeaders | undefined
    let page: Page
    if (err) {
      const error = err as {
        status?: unknown
        statusCode?: unknown
        headers?: unknown
        stack?: unknown
        toString?: unknown
      }
      const fromError = errorStatus(error)
      if (fromError === undefined) status = responseStatus(res)
      else {
        status = fromError
        headers = errorHeaders(error)
      }
      // An error's `toString` is the app's: called outside the guard, as finalhandler calls it.
      const message = errorMessage(error, mode)
      try {
        fault('final-page')
        page = message ? pages.page(message) : pages.forStatus(status)
      } catch (failure) {
        fallBackToFinalhandler(failure, pages, app, env, logger, req, res, err)
        return
      }
      setImmediate(runLogger, logger, err, app)
    } else {
      status = 404
      try {
        fault('final-page')
        page = pages.notFound(req)
      } catch (failure) {
        fallBackToFinalhandler(failure, pages, app, env, logger, req, res, err)
        return
      }
    }
    if (res.headersSent) {
      if (req.socket) req.socket.destroy()
      return
    }
    send(pages, req, res, status, headers, page)
  }
}

// finalhandler's getErrorMessage; a falsy answer means the status's own text (from the table).
function errorMessage(err: { stack?: unknown; toString?: unknown }, mode: unknown): unknown {
  if (mode === 'production') return undefined
  let message = err.stack
  if (!message && typeof err.toString === 'function') message = (err.toString as () => unknown).call(err)
  return message
}

/** Pulya's page could not be built: this request is answered by the app's finalhandler itself. */
function fallBackToFinalhandler(
  failure: unknown,
  pages: FinalPages,
  app: AppWithEnv,
  env: unknown,
  logger: ErrorLogger,
  req: FinalRequest,
  res: FinalResponse,
  err: unknown
): void {
  fellBack('final-handler', failure)
  const onerror = (error: unknown): void => {
    logger.call(app, error)
  }
  pages.modules.create(req, res, { env, onerror })(err)
}

/** pulya's twin of each `logerror` Express has had, by the registry's fingerprint of its text. */
const LOGGERS: ReadonlyMap<string, ErrorLogger | null> = new Map(
  [...knownSourcesOf(EXPRESS_KNOWN_SOURCES, 'logerror')].map(([print, style]) => [
    print,
    style === 'logs-stack' ? logErrorStack : style === 'logs-error' ? logErrorObject : null
  ])
)

/**
 * Express's `logerror` is private to its application.js, so its declaration is read from
 * there and recognised by its fingerprint (src/express/responses/known-sources.ts): the final
 * handler is pulya's only for the texts listed. Read once per Express copy (one record each).
 */
const loggers = new OnceMap<HostModules, ErrorLogger | null>(({ applicationSource }) => {
  const text = applicationSource === null ? null : declarationOf(applicationSource, 'logerror')
  return text === null ? null : (LOGGERS.get(fingerprintText(text)) ?? null)
})

/** Express's `app.handle(req, res, callback)`. */
export type AppHandle = (this: AppWithEnv, req: object, res: object, callback?: unknown) => void

/**
 * `app.handle` with pulya's final handler for requests the app answers at the top (no
 * callback: the server called the app); a mounted sub-app is called with its parent's `next`
 * and keeps it.
 *
 * @param modules - the record of the Express whose `handle` this is
 * @returns the wrapped `handle`, or `handle` itself (Express's final handler stays) when the
 *   app's finalhandler cannot be found or is not one pulya reproduces, when finalhandler's debug
 *   log is on, or when Express's `logerror` is not a text pulya knows
 */
export function withFinalHandler(handle: AppHandle, modules: HostModules): AppHandle {
  const finalhandler = modules.finalhandler
  if (finalhandler === null || finalhandler.debugEnabled) return handle
  const logger = loggers.get(modules)
  if (logger === null) return handle
  const pages = pagesFor(finalhandler)
  return function handleWithFinalHandler(
    this: AppWithEnv,
    req: object,
    res: object,
    callback?: unknown
  ): void {
    if (callback) {
      handle.call(this, req, res, callback)
      return
    }
    handle.call(
      this,
      req,
      res,
      finalHandler(pages, this, this.get('env'), logger, req as FinalRequest, res as FinalResponse)
    )
  }
}
