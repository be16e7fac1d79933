/**
 * Koa's `handleRequest` and the `respond` it runs after the middleware, with the fields read
 * directly instead of through the context's delegates and the response's getters.
 *
 * Koa's `respond(ctx)` reads `ctx.writable`, `ctx.body`, `ctx.status`, `ctx.method`,
 * `ctx.message` and sets `ctx.type`/`ctx.length`: each a `delegates` forwarder to the request
 * or response, then Koa's getter there. `respond` is private to Koa's application.js, so pulya
 * cannot call it; for the `handleRequest` and `respond` texts it knows (a SHA-1 of each, the
 * latter read from the file, known-sources.ts), the app gets its own `handleRequest`:
 * Koa's, statement by statement, running a `respond` that is Koa's statement by statement —
 * with those reads done directly (`response._body`, `res.statusCode`, `req.method`, Koa's
 * `writable`, `message` and `length` setter inlined) and every other statement (204/304, HEAD,
 * an explicit null body, streams, Blobs, web streams, Responses) Koa's own text through the
 * context as Koa writes it. It is installed only where every accessor read directly is a known
 * text on Koa's own context/request/response modules (the context's forwarders checked on a
 * probe to forward to the right object and name) and the app's `app.context`, `app.request`,
 * `app.response` and the app itself have no own property of those names — checked once, when
 * pulya first sees the app. The first request of an app has already entered Koa's own
 * `handleRequest`; the app's next requests run this one.
 *
 * `respond`'s text is read from application.js when `pulya()` is created (start-up), never on a
 * request: a file read there is one more fs operation in that request's trace, which APM agents
 * see — dd-trace's AppSec runs its WAF on every fs operation with an absolute path under a
 * request (RASP's LFI check: appsec/rasp/lfi.js `analyzeLfi`, on `apm:fs:operation:start`), one
 * more `datadog:waf:run:finish` than vanilla on the request that found the app. A Koa loaded
 * after every `pulya()` was created keeps its own `handleRequest`. For users:
 * docs/how-it-works.md#respond-and-the-body-setter.
 */
import { Buffer } from 'buffer'
import { readFileSync } from 'fs'
import Stream from 'stream'
import { declarationOf, fingerprintText } from '../../core/known-sources.js'
import type { KoaMajor, KoaMeaning, RespondDialect } from './known-sources.js'
import { statusMessages, streamTestOf, type StreamTest } from './host-modules.js'
import type { KoaAppLike, KoaContext, KoaResponse, NodeResponse, Statuses } from '../host-types.js'
import { loadedModules, modulePath, requireFrom } from '../../core/loaded-modules.js'
import { OnceMap } from '../../core/once.js'
import { allKnown, hasOwnAny, knownAs, knownPrint, memberOf } from './known-members.js'
import { fault } from '../../core/fault-points.js'
import { fellBack } from '../../core/fallbacks.js'

/** The modules of the app's own Koa that `respond` uses. */
interface HostModules {
  readonly statuses: Statuses
  readonly onFinished: (res: NodeResponse, listener: (err: unknown) => unknown) => unknown
  readonly isStream: StreamTest
}

type Respond = (ctx: KoaContext) => unknown
type HandleRequest = (
  this: object,
  ctx: KoaContext,
  fnMiddleware: (ctx: KoaContext) => Promise<unknown>
) => Promise<unknown>

/** The context's forwarders `respond` reads through, and where each forwards to. */
const CONTEXT_FORWARDERS: ReadonlyArray<readonly [name: string, target: 'request' | 'response']> = [
  ['get body', 'response'],
  ['get status', 'response'],
  ['get writable', 'response'],
  ['get message', 'response'],
  ['set type', 'response'],
  ['set length', 'response'],
  ['get method', 'request']
]
/** The response accessors read directly. */
const RESPONSE_READS = ['get body', 'get status', 'get writable', 'get message', 'set length', 'has']
const REQUEST_READS = ['get method']
/** An own property of one of these names on the app's prototypes keeps Koa's `handleRequest`. */
const CONTEXT_OWN = ['body', 'status', 'writable', 'message', 'type', 'length', 'method']
const RESPONSE_OWN = ['body', 'status', 'writable', 'message', 'length', 'has']
const REQUEST_OWN = ['method']

/** Koa's `response.writable` getter. */
function writable(res: NodeResponse): boolean {
  if (res.writableEnded || res.finished) return false
  const socket = res.socket
  if (!socket) return true
  return socket.writable
}

/** Koa's `response.length = n`: `if (!this.has('Transfer-Encoding')) this.set('Content-Length', n)`. */
function setLength(response: KoaResponse, n: number): void {
  const res = response.res
  const chunked =
    typeof res.hasHeader === 'function'
      ? res.hasHeader('Transfer-Encoding')
      : response.has('Transfer-Encoding')
  if (!chunked) response.set('Content-Length', n)
}

/** Koa's `respond` of one dialect (see the file's summary for what is read directly). */
export function createRespond(dialect: RespondDialect, { statuses, isStream }: HostModules): Respond {
  const major = majorOf(dialect)
  // Decided once for the app's Koa: a request tests a boolean.
  const koa2 = major === 'koa-2'
  const messages = statusMessages(statuses, major)
  return function respond(ctx: KoaContext): unknown {
    if (ctx.respond === false) return undefined
    const res = ctx.res
    const response = ctx.response
    if (!writable(response.res)) return koa2 ? undefined : res.end()
    let body = response._body
    const code = response.res.statusCode
    // 204, 304…: no body.
    if (statuses.empty[code]) {
      ctx.body = null
      return res.end()
    }
    if (ctx.request.req.method === 'HEAD') {
      if (!res.headersSent && !ctx.response.has('Content-Length')) {
        const { length } = ctx.response
        if (Number.isInteger(length)) ctx.length = length
      }
      return res.end()
    }
    // No body: the status message as text (the default 404).
    if (body === null || body === undefined) {
      if (response._explicitNullBody) {
        ctx.response.remove('Content-Type')
        ctx.response.remove('Transfer-Encoding')
        if (!koa2) ctx.length = 0
        return res.end()
      }
      if (ctx.req.httpVersionMajor >= 2) {
        body = String(code)
      } else {
        const statusRes = response.res
        body = statusRes.statusMessage || messages[statusRes.statusCode] || String(code)
      }
      if (!res.headersSent) {
        response.type = 'text'
        setLength(response, Buffer.byteLength(body as string))
      }
      return res.end(body as string)
    }
    if (Buffer.isBuffer(body)) return res.end(body)
    if (typeof body === 'string') return res.end(body)
    const piped = pipeStream(dialect, ctx, body, res, isStream)
    if (piped !== undefined) return piped
    body = JSON.stringify(body)
    if (!res.headersSent) setLength(response, Buffer.byteLength(body as string))
    res.end(body as string)
    return undefined
  }
}

/** Koa's stream branch of each dialect; undefined when `body` is none of Koa's stream kinds. */
function pipeStream(
  dialect: RespondDialect,
  ctx: KoaContext,
  body: unknown,
  res: NodeResponse,
  isStream: StreamTest
): unknown {
  const writableRes = res as unknown as NodeJS.WritableStream
  if (dialect === 'koa-2') return isStream(body) ? (body as Stream.Readable).pipe(writableRes) : undefined
  let stream: Stream.Readable | null = null
  if (body instanceof Blob) stream = Stream.Readable.from(body.stream())
  else if (body instanceof ReadableStream) stream = Stream.Readable.from(body)
  else if (body instanceof Response) stream = Stream.Readable.from(body.body || '')
  else if (isStream(body)) stream = body as Stream.Readable
  if (!stream) return undefined
  // Koa 3.0 pipes; 3.1 and later use `pipeline` and report a stream error to the app.
  if (dialect === 'koa-3.0') return stream.pipe(writableRes)
  return Stream.pipeline(stream, writableRes, (err) => {
    if (err && ctx.app.listenerCount('error')) ctx.onerror(err)
  })
}

/**
 * Koa's `handleRequest`, running `respond`; `koaHandleRequest` is the one it mirrors. Where the
 * app's prototypes give another one by the time of a request (an APM agent or the app wrapped
 * Koa's after pulya installed this), that one runs, as it would without pulya.
 */
function createHandleRequest(
  respond: Respond,
  onFinished: HostModules['onFinished'],
  koaHandleRequest: unknown
): HandleRequest {
  return function handleRequest(
    this: object,
    ctx: KoaContext,
    fnMiddleware: (ctx: KoaContext) => Promise<unknown>
  ): Promise<unknown> {
    let current: HandleRequest
    try {
      fault('respond-mirror')
      current = (Object.getPrototypeOf(this) as { handleRequest: HandleRequest }).handleRequest
    } catch (error) {
      // Nothing has run for this request yet: Koa's own `handleRequest` (and `respond`) serves it.
      fellBack('respond-mirror', error)
      return (koaHandleRequest as HandleRequest).call(this, ctx, fnMiddleware)
    }
    if (current !== koaHandleRequest) return current.call(this, ctx, fnMiddleware)
    const res = ctx.res
    res.statusCode = 404
    const onerror = (err: unknown): unknown => ctx.onerror(err)
    const handleResponse = (): unknown => respond(ctx)
    onFinished(res, onerror)
    return fnMiddleware(ctx).then(handleResponse).catch(onerror)
  }
}

/** Whether a `delegates` forwarder of the context forwards `name` to `target`, tried on a probe. */
function forwards(context: object, name: string, target: 'request' | 'response'): boolean {
  const property = name.slice(4)
  const fn = memberOf(context, name) as (this: object, value?: unknown) => unknown
  // Both objects present: the forwarder's known text (`this[target][name]`) cannot throw then.
  const probe: Record<'request' | 'response', Record<string, unknown>> = { request: {}, response: {} }
  const forwarded = probe[target]
  const marker = {}
  if (name.startsWith('get ')) {
    forwarded[property] = marker
    return fn.call(probe) === marker
  }
  fn.call(probe, marker)
  return forwarded[property] === marker
}

/** Koa's own modules of an application class's file, with the `handleRequest` for its app, or null. */
interface Prepared {
  readonly handleRequest: HandleRequest
  readonly context: object
  readonly request: object
  readonly response: object
}

/** Per Koa application class; `undefined` (its `respond` unread) is not kept: asked again for the next app. */
const preparedByClass = new OnceMap<object, Prepared | null | undefined>(prepare)

/** `respond`'s meaning in each Koa application.js read so far (undefined: not a known text). */
const respondByFile = new Map<string, KoaMeaning | undefined>()

/**
 * Reads `respond` from the application.js of every Koa loaded so far (a module whose exported
 * class has a known `handleRequest` of its own), once per file. Called when `pulya()` is
 * created and by `warm(app)`, both at start-up: see the file's summary for why never on a request.
 */
export function readKoaRespondTexts(): void {
  const cache = loadedModules()
  for (const path of Object.keys(cache)) {
    const exports: unknown = cache[path]?.exports
    if (respondByFile.has(path) || typeof exports !== 'function') continue
    const prototype = (exports as { prototype?: unknown }).prototype
    const own = isObject(prototype) ? Object.getOwnPropertyDescriptor(prototype, 'handleRequest') : undefined
    if (knownAs('prototype.handleRequest', own?.value) === undefined) continue
    respondByFile.set(
      path,
      knownPrint('respond', fingerprintText(declarationOf(sourceOf(path), 'respond') ?? ''))
    )
  }
}

/** The text of a loaded module's file, or `''` when it cannot be read (gone since it loaded). */
function sourceOf(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}

/** Koa's modules and the `handleRequest` for the class `owner`; null where pulya leaves Koa's; undefined while its `respond` is unread. */
function prepare(owner: object): Prepared | null | undefined {
  const handleMajor = knownAs('prototype.handleRequest', (owner as { handleRequest?: unknown }).handleRequest)
  const path = modulePath((owner as { constructor?: unknown }).constructor)
  if (path === undefined) return null
  if (!respondByFile.has(path)) return undefined
  const dialect = respondByFile.get(path)
  if (!isRespondDialect(dialect)) return null
  // `respond` of the same major as `handleRequest`.
  const major = majorOf(dialect)
  if (major !== handleMajor) return null
  const hostRequire = requireFrom(path)
  const context = hostRequire('./context') as object
  const request = hostRequire('./request') as object
  const response = hostRequire('./response') as object
  const known =
    CONTEXT_FORWARDERS.every(
      ([name, target]) =>
        knownAs(name, memberOf(context, name)) !== undefined && forwards(context, name, target)
    ) &&
    allKnown(response, RESPONSE_READS, major) &&
    allKnown(request, REQUEST_READS, major)
  if (!known) return null
  const modules: HostModules = {
    statuses: hostRequire('statuses') as Statuses,
    onFinished: hostRequire('on-finished') as HostModules['onFinished'],
    isStream: streamTestOf(path, major)
  }
  const koaHandleRequest = (owner as { handleRequest?: unknown }).handleRequest
  return {
    handleRequest: createHandleRequest(createRespond(dialect, modules), modules.onFinished, koaHandleRequest),
    context,
    request,
    response
  }
}

/** The prototype on the app's chain that holds the `handleRequest` the app runs, or null. */
function ownerOf(app: object): object | null {
  for (
    let proto = Object.getPrototypeOf(app) as object | null;
    proto !== null;
    proto = Object.getPrototypeOf(proto) as object | null
  ) {
    if (Object.hasOwn(proto, 'handleRequest')) return proto
  }
  return null
}

/**
 * Gives the app its own `handleRequest` (above) when its Koa is a known version and the
 * accessors `respond` reads are Koa's own on the app's prototypes. Safe to call more than once.
 * @returns whether it was installed
 */
export function prepareKoaRespond(app: KoaAppLike): boolean {
  if (Object.hasOwn(app, 'handleRequest')) return false
  const { context, request, response } = app
  if (!isObject(context) || !isObject(request) || !isObject(response)) return false
  if (hasOwnAny(context, CONTEXT_OWN) || hasOwnAny(request, REQUEST_OWN) || hasOwnAny(response, RESPONSE_OWN))
    return false
  const owner = ownerOf(app)
  if (owner === null) return false
  const prepared = preparedByClass.get(owner)
  // Its `respond` unread (a Koa loaded after `pulya()`): Koa's own.
  if (prepared === undefined || prepared === null) return false
  // The app's prototypes must be the Koa's own modules the mirror was checked against.
  if (
    Object.getPrototypeOf(context) !== prepared.context ||
    Object.getPrototypeOf(request) !== prepared.request ||
    Object.getPrototypeOf(response) !== prepared.response
  )
    return false
  Object.defineProperty(app, 'handleRequest', {
    value: prepared.handleRequest,
    writable: true,
    configurable: true,
    enumerable: false
  })
  return true
}

/**
 * Whether the app runs the `handleRequest` {@link prepareKoaRespond} gave it (for `pulya
 * explain`; reads only).
 */
export function hasPreparedKoaRespond(app: KoaAppLike): boolean {
  const owner = ownerOf(app)
  const prepared = owner === null ? null : preparedByClass.get(owner)
  return (
    prepared != null &&
    Object.getOwnPropertyDescriptor(app, 'handleRequest')?.value === prepared.handleRequest
  )
}

function isRespondDialect(meaning: KoaMeaning | undefined): meaning is RespondDialect {
  return meaning === 'koa-2' || meaning === 'koa-3.0' || meaning === 'koa-3.1+'
}

/** The major of a `respond` dialect's Koa (Koa 3.0's is a Koa 3 one). */
function majorOf(dialect: RespondDialect): KoaMajor {
  return dialect === 'koa-2' ? 'koa-2' : 'koa-3'
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null
}
