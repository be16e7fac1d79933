/**
 * `res.send(string)`, `res.json(value)` and `res.sendStatus(code)` with their Content-Type work
 * done once; what, for which Express versions and the measured gain:
 * docs/how-it-works.md#responses.
 *
 * Why the bytes stay Express's: the memos are filled by Express's own functions, called once on
 * a scratch object that records what they would set; the rest of `res.send` is mirrored
 * statement by statement only for the sources the registry knows (known-sources.ts), calling
 * the same methods in the same order (`this.get`, `this.type`, `this.set`, `req.fresh`,
 * `this.end`…) and taking a shortcut only where the method is still Express's own, so a
 * middleware that wraps `res.set` or `res.end` sees every call it saw before. Other bodies,
 * other arguments, and a replaced `express.response.send` go to Express's `res.send` untouched.
 */
import { ServerResponse } from 'http'
import type http from 'http'
import { fingerprint, knownSourcesOf } from '../../core/known-sources.js'
import type { HostModules, ResponseModule } from '../install/host-modules.js'
import { EXPRESS_KNOWN_SOURCES, type SendDialect, type SendStatusStyle } from './known-sources.js'
import { OnceMap } from '../../core/once.js'
import { fault } from '../../core/fault-points.js'
import { fellBack } from '../../core/fallbacks.js'

/** The known texts of Express's response methods, by fingerprint (see known-sources.ts). */
const SEND_SOURCES = knownSourcesOf(EXPRESS_KNOWN_SOURCES, 'send') as ReadonlyMap<string, SendDialect>
const JSON_SOURCES = knownSourcesOf(EXPRESS_KNOWN_SOURCES, 'json')
const SEND_STATUS_SOURCES = knownSourcesOf(EXPRESS_KNOWN_SOURCES, 'sendStatus') as ReadonlyMap<
  string,
  SendStatusStyle
>
const SET_SOURCES = knownSourcesOf(EXPRESS_KNOWN_SOURCES, 'set')
const TYPE_SOURCES = knownSourcesOf(EXPRESS_KNOWN_SOURCES, 'type')

/** Node's own `res.end`. */
// eslint-disable-next-line @typescript-eslint/unbound-method -- compared by identity, never called unbound
const nativeEnd = ServerResponse.prototype.end
/** A character Node writes as one byte in a latin1 head but as two in a UTF-8 one. */
const ABOVE_ASCII = /[\u0080-\uffff]/

/** Answers kept per memo; a memo that fills up is cleared (the inputs are a handful of types). */
const BOUNDED_MEMO_MAX = 128

type Fn = (...args: never[]) => unknown

/** A response as the mirror uses it: Express's methods on Node's ServerResponse. */
interface FastResponse extends Omit<http.ServerResponse, 'req'>, NodeHead {
  req: FastRequest
  app: { get: (setting: string) => unknown }
  get: (field: string) => unknown
  set: (field: string, value: unknown) => unknown
  type: (type: string) => unknown
  status: (code: number) => unknown
  send: (body: unknown) => unknown
}

/**
 * What Node's own `end` reads and sets on a response before it writes (lib/_http_outgoing.js):
 * the head once built, the Content-Length hint, and the call that builds the head.
 */
interface NodeHead {
  _header: string | null
  _contentLength: number | null
  _implicitHeader(): void
}

interface FastRequest {
  method: string
  readonly fresh: boolean
}

/** A pure function's answers, remembered by string input, at most {@link BOUNDED_MEMO_MAX} of them. */
class BoundedMemo<V> {
  readonly #compute: (input: string) => V
  readonly #values = new Map<string, V>()

  constructor(compute: (input: string) => V) {
    this.#compute = compute
  }

  get(input: string): V {
    let value: V | undefined
    try {
      fault('response-memo')
      value = this.#values.get(input)
    } catch (error) {
      // The host's own function answers for this input, as if there were no memo.
      fellBack('response-memo', error)
      return this.#compute(input)
    }
    if (value === undefined) {
      // A throw (an invalid type) propagates and is not kept: the next call throws again.
      value = this.#compute(input)
      if (this.#values.size >= BOUNDED_MEMO_MAX) this.#values.clear()
      this.#values.set(input, value)
    }
    return value
  }
}

/** What `call(record)` passed to `setHeader`, as it was passed: the host's own answer for one input. */
function recorded(
  call: (record: { setHeader: (name: string, value: unknown) => void; set: Fn }) => void,
  set: Fn
): unknown {
  let value: unknown
  call({
    setHeader: (_name, set_) => {
      value = set_
    },
    set
  })
  return value
}

/**
 * Whether Node's own `end` writes the same bytes for `body` as a string as for its `length`-byte
 * Buffer. Given a string, Node appends it to the head and encodes both as UTF-8; given a Buffer,
 * it writes the head alone as latin1 — the same bytes only when the head is ASCII (a header
 * value such as `café` or a latin1 `filename=` is not). So the head is built here first, as
 * Node's `end` builds it (lib/_http_outgoing.js `end` and `write_`): socket corked, the
 * Content-Length hint set, then `_implicitHeader`, which runs any `writeHead` wrapper
 * (on-headers) at the same point as vanilla; `end` then finds the head built and uncorks fully.
 * Where Node's `end` would not build the head — already built (which an ended response always
 * is), destroyed (`end` gives up first), `strictContentLength` (`end` checks the length first) —
 * the answer is `false` and the Buffer goes to `end` as in vanilla.
 */
function headIsAscii(res: FastResponse, length: number): boolean {
  if (res._header !== null || res.destroyed || res.strictContentLength) return false
  res.socket?.cork()
  res._contentLength = length
  res._implicitHeader()
  // A `writeHead` wrapper that never calls Node's leaves `_header` null: tested as "null", ASCII,
  // and then no head is written whichever body `end` gets.
  return !ABOVE_ASCII.test(res._header as unknown as string)
}

/** The mirrored `send`/`json`/`sendStatus` of one Express copy (one response module). */
export interface MirroredResponses {
  /** Express's response module these mirror. */
  readonly host: ResponseModule
  readonly send: (this: FastResponse, body?: unknown) => unknown
  readonly json: ((this: FastResponse, obj?: unknown) => unknown) | null
  readonly sendStatus: ((this: FastResponse, statusCode?: unknown) => unknown) | null
}

/**
 * The mirrored `send`/`json`/`sendStatus` for one Express copy (its {@link HostModules} record),
 * or `null` when its `res.send` (or `res.set`/`res.type`) is not a source pulya knows, or cannot
 * be found.
 */
export function responseMirrorFor(modules: HostModules): MirroredResponses | null {
  return built.get(modules)
}

/** Per Express copy (one record each). */
const built = new OnceMap<HostModules, MirroredResponses | null>(
  ({ response, setCharset, statusMessages }) =>
    response === null || setCharset === null || statusMessages === null
      ? null
      : build(response, setCharset, statusMessages)
)

function build(
  host: ResponseModule,
  setCharset: (type: string, charset: string) => string,
  messages: Readonly<Record<string, string | undefined>>
): MirroredResponses | null {
  const dialect = SEND_SOURCES.get(fingerprint(host.send))
  if (
    dialect === undefined ||
    !SET_SOURCES.has(fingerprint(host.set)) ||
    !TYPE_SOURCES.has(fingerprint(host.type))
  )
    return null
  const hostSend = host.send as (this: FastResponse, ...args: unknown[]) => unknown
  const hostJson = host.json as (this: FastResponse, ...args: unknown[]) => unknown
  const hostSet = host.set
  const hostType = host.type
  // The Content-Type `res.set('Content-Type', v)` and `res.type(t)` end up setting.
  const contentTypes = new BoundedMemo((value) =>
    recorded((record) => {
      Reflect.apply(hostSet, record, ['Content-Type', value])
    }, hostSet)
  )
  const types = new BoundedMemo((type) =>
    recorded((record) => {
      Reflect.apply(hostType, record, [type])
    }, hostSet)
  )
  const charsets = new BoundedMemo((type) => setCharset(type, 'utf-8'))

  /** `res.type(type)`, through its memo when `res.type` and `res.set` are Express's own. */
  function setType(res: FastResponse, type: string): void {
    if (res.type === hostType && res.set === hostSet) res.setHeader('Content-Type', types.get(type) as string)
    else res.type(type)
  }

  /** `res.set('Content-Type', value)`, through its memo when `res.set` is Express's own. */
  function setContentType(res: FastResponse, value: string): void {
    if (res.set === hostSet) res.setHeader('Content-Type', contentTypes.get(value) as string)
    else res.set('Content-Type', value)
  }

  /** `res.set(field, value)` for a field other than Content-Type (an array stays Express's). */
  function setPlain(res: FastResponse, field: string, value: unknown): void {
    if (res.set === hostSet && !Array.isArray(value)) res.setHeader(field, String(value))
    else res.set(field, value)
  }

  const send = function send(this: FastResponse, body?: unknown): unknown {
    if (arguments.length !== 1 || typeof body !== 'string' || host.send !== hostSend) {
      // eslint-disable-next-line prefer-rest-params -- the arity decides, as in Express
      return Reflect.apply(host.send, this, arguments) as unknown
    }
    let chunk: string | Buffer = body
    let encoding: BufferEncoding | undefined = 'utf8'
    const req = this.req
    const app = this.app
    if (dialect === 'express-5.3') {
      const type = this.get('Content-Type')
      if (typeof type === 'string') setContentType(this, charsets.get(type))
      else setType(this, 'html')
    } else {
      if (!this.get('Content-Type')) setType(this, 'html')
      const type = this.get('Content-Type')
      if (typeof type === 'string') setContentType(this, charsets.get(type))
    }
    const etagFn = app.get('etag fn')
    const generateETag = !this.get('ETag') && typeof etagFn === 'function'
    let len: number
    if (!generateETag && chunk.length < 1000) {
      len = Buffer.byteLength(chunk, encoding)
    } else {
      chunk = Buffer.from(chunk, encoding)
      encoding = undefined
      len = chunk.length
    }
    if (dialect !== 'express-5.3' || !this.get('Transfer-Encoding')) setPlain(this, 'Content-Length', len)
    if (generateETag) {
      const etag = (etagFn as (body: string | Buffer, encoding?: BufferEncoding) => unknown)(chunk, encoding)
      if (etag) setPlain(this, 'ETag', etag)
    }
    if (req.fresh) {
      if (dialect === 'express-4') this.statusCode = 304
      else this.status(304)
    }
    if (this.statusCode === 204 || this.statusCode === 304) {
      this.removeHeader('Content-Type')
      this.removeHeader('Content-Length')
      this.removeHeader('Transfer-Encoding')
      chunk = ''
    }
    if (this.statusCode === 205) {
      setPlain(this, 'Content-Length', '0')
      this.removeHeader('Transfer-Encoding')
      chunk = ''
    }
    if (req.method === 'HEAD') this.end()
    // Node writes a string body in one piece with the head, a Buffer as a second one (writev):
    // to Node's own `end` the string is given back when that writes the same bytes (an ASCII
    // head, see headIsAscii); a wrapped `end` gets the Buffer.
    else if (encoding === undefined && this.end === nativeEnd && chunk !== '' && headIsAscii(this, len))
      this.end(body, 'utf8')
    else this.end(chunk, encoding as BufferEncoding)
    return this
  }

  const json = JSON_SOURCES.has(fingerprint(hostJson))
    ? function json(this: FastResponse, obj?: unknown): unknown {
        if (arguments.length !== 1 || host.json !== hostJson) {
          // eslint-disable-next-line prefer-rest-params -- the arity decides, as in Express
          return Reflect.apply(host.json, this, arguments) as unknown
        }
        const app = this.app
        // Express's `stringify` without its `json escape` rewrite: with escaping on, the call is Express's own.
        if (app.get('json escape')) return hostJson.call(this, obj)
        const replacer = app.get('json replacer') as ((key: string, value: unknown) => unknown) | undefined
        const spaces = app.get('json spaces') as string | number | undefined
        const body = replacer || spaces ? JSON.stringify(obj, replacer, spaces) : JSON.stringify(obj)
        if (!this.get('Content-Type')) setContentType(this, 'application/json')
        return this.send(body)
      }
    : null
  const hostSendStatus = host.sendStatus as (this: FastResponse, ...args: unknown[]) => unknown
  const statusStyle = SEND_STATUS_SOURCES.get(fingerprint(hostSendStatus))
  // The body is `statuses`' message, its ETag comes from the ETag memo, its type from `types`.
  const sendStatus =
    statusStyle === undefined
      ? null
      : function sendStatus(this: FastResponse, statusCode?: unknown): unknown {
          if (arguments.length !== 1 || host.sendStatus !== hostSendStatus) {
            // eslint-disable-next-line prefer-rest-params -- the arity decides, as in Express
            return Reflect.apply(host.sendStatus, this, arguments) as unknown
          }
          const body = messages[statusCode as string] || String(statusCode)
          if (statusStyle === 'assigns-status-code') this.statusCode = statusCode as number
          else this.status(statusCode as number)
          setType(this, 'txt')
          return this.send(body)
        }
  return { host, send, json, sendStatus }
}

/** A method the mirror gives an app's responses, and its property as Express defines its own. */
export interface MirroredMethod {
  readonly name: 'send' | 'json' | 'sendStatus'
  readonly descriptor: PropertyDescriptor
}

/**
 * The mirrored `send`/`json`/`sendStatus` for `response` (an app's own response prototype), when
 * the app's Express is one whose sources pulya knows — each only where the app's responses still
 * use Express's own: a `send` or `json` the app (or a library) put on `app.response` or
 * `express.response` before is left in charge, and one set afterwards replaces pulya's.
 *
 * @returns the properties to define on `response` (the install defines them), none when the
 *   mirror does not apply
 */
export function mirroredResponseMethods(response: object, modules: HostModules): MirroredMethod[] {
  const fast = responseMirrorFor(modules)
  if (fast === null) return []
  const host = fast.host
  const methods: MirroredMethod[] = []
  for (const name of ['send', 'json', 'sendStatus'] as const) {
    const fn = fast[name]
    if (fn === null || (response as Partial<ResponseModule>)[name] !== host[name]) continue
    // As Express defines its methods: by assignment (writable, configurable, enumerable).
    methods.push({ name, descriptor: { value: fn, writable: true, configurable: true, enumerable: true } })
  }
  return methods
}
