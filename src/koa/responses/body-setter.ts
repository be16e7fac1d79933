/**
 * Koa's `ctx.body = …` for the common body kinds, with the fields read directly.
 *
 * Koa's body setter goes through `this.status = 200` (two `assert` calls, a template string
 * built per call), `this.has(…)` twice, the `length` setter, and in Koa 3 a closure per call
 * for the previous stream's clean-up. For the body setter sources pulya knows (Koa 2.16 and
 * Koa 3, a SHA-1 of each text in known-sources.ts), and where the response accessors it would
 * read through are Koa's own known texts too, the app's `app.response` — the prototype of
 * every request's response — gets a `body` accessor whose setter does, for a string, a Buffer
 * or a plain object or array (JSON) replacing anything but a stream, the same header calls in
 * the same order as Koa's; every other value (null, streams, Blobs, numbers…) and every value
 * replacing a stream goes to Koa's own setter. The getter is Koa's.
 * Nothing is installed where `app.response` has its own `body`, `status`, `length`, `has` or
 * `headerSent`, and unknown Koa versions keep their own setter. For users:
 * docs/how-it-works.md#respond-and-the-body-setter.
 */
import { Buffer } from 'buffer'
import type { KoaMajor } from './known-sources.js'
import { statusMessages, streamTestOf, type StreamTest } from './host-modules.js'
import type { KoaAppLike, KoaResponse, Statuses } from '../host-types.js'
import { modulePath, requireFrom } from '../../core/loaded-modules.js'
import { OnceMap } from '../../core/once.js'
import { allKnown, hasOwnAny, knownAs, memberOf } from './known-members.js'
import { fault } from '../../core/fault-points.js'
import { fellBack } from '../../core/fallbacks.js'

type BodySetter = (this: KoaResponse, val: unknown) => void

/** The accessors of Koa's response the mirror reads directly instead of calling. */
const READ_DIRECTLY = ['get body', 'set status', 'set length', 'has', 'get headerSent']
/** An app's own property of one of these names keeps Koa's setter. */
const OWN_OVERRIDES = ['body', 'status', 'length', 'has', 'headerSent']

/** Body kinds: the three the mirror writes, and everything else. */
const OTHER = 0
const STRING = 1
const BUFFER = 2
const JSON_VALUE = 3

/** Koa's test for an HTML string body. */
const LEADING_TAG = /^\s*</
/** Koa 3's test for a JSON content type already set. */
const JSON_TYPE = /\bjson\b/i

/**
 * The setter for one known Koa response module: Koa's own text, statement by statement, for
 * the kinds above; `koaSetter` for the rest.
 */
export function createBodySetter(
  major: KoaMajor,
  koaSetter: BodySetter,
  statuses: Statuses,
  isStream: StreamTest
): BodySetter {
  // Decided once for the app's Koa: a request tests a boolean.
  const koa2 = major === 'koa-2'
  const messages = statusMessages(statuses, major)
  return function setBody(this: KoaResponse, val: unknown): void {
    const res = this.res
    let kind: number
    try {
      fault('body-setter')
      kind = bodyKind(val, isStream)
      // Koa 3 cleans up a stream body it replaces.
      if (!koa2 && isStreamBody(this._body, isStream)) kind = OTHER
    } catch (error) {
      // Nothing is written yet: Koa's own setter takes the body from the start.
      fellBack('body-setter', error)
      kind = OTHER
    }
    // Koa's `has` falls back to `this.headers` for a response without `hasHeader`.
    if (kind === OTHER || typeof res.hasHeader !== 'function') {
      koaSetter.call(this, val)
      return
    }
    this._body = val
    // `this.status = 200`, Koa's setter for a known-valid code: the asserts cannot fail.
    if (!this._explicitStatus && !res.headersSent) {
      this._explicitStatus = true
      res.statusCode = 200
      if (this.req.httpVersionMajor < 2) res.statusMessage = messages[200] as string
      // Koa's `if (this.body && statuses.empty[code]) this.body = null`: 200 is not an empty status.
    }
    if (kind === STRING) {
      if (!res.hasHeader('Content-Type')) this.type = LEADING_TAG.test(val as string) ? 'html' : 'text'
      // The `length` setter.
      if (!res.hasHeader('Transfer-Encoding')) this.set('Content-Length', Buffer.byteLength(val as string))
    } else if (kind === BUFFER) {
      if (!res.hasHeader('Content-Type')) this.type = 'bin'
      if (!res.hasHeader('Transfer-Encoding')) this.set('Content-Length', (val as Buffer).length)
    } else {
      this.remove('Content-Length')
      if (koa2 || !this.type || !JSON_TYPE.test(this.type)) this.type = 'json'
    }
  }
}

/**
 * Which kind `val` is, in Koa's order: a string, a Buffer, then (after Koa's stream and web
 * body checks, which an object of these prototypes cannot pass but Koa 3's duck-typed stream
 * check) a plain object or array; a number, a class instance and the rest are OTHER.
 */
function bodyKind(val: unknown, isStream: StreamTest): number {
  if (typeof val === 'string') return STRING
  if (typeof val !== 'object' || val === null) return OTHER
  if (Buffer.isBuffer(val)) return BUFFER
  const proto = Object.getPrototypeOf(val) as unknown
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return OTHER
  // Koa 2's `instanceof Stream` never holds here; Koa 3's duck-typed test can.
  return isStream(val) ? OTHER : JSON_VALUE
}

/** Koa 3's `original && isStream(original)`. */
function isStreamBody(original: unknown, isStream: StreamTest): boolean {
  return Boolean(original) && isStream(original)
}

/** What one Koa response module gets on each app's prototype, or null: not a known Koa. */
const preparedByModule = new OnceMap<object, PropertyDescriptor | null>(prepare)

function prepare(koaResponse: object): PropertyDescriptor | null {
  const koaSetter = memberOf(koaResponse, 'set body')
  const major = knownAs('set body', koaSetter)
  if ((major !== 'koa-2' && major !== 'koa-3') || !allKnown(koaResponse, READ_DIRECTLY, major)) return null
  const path = modulePath(koaResponse)
  if (path === undefined) return null
  const hostRequire = requireFrom(path)
  const statuses = hostRequire('statuses') as Statuses
  const isStream = streamTestOf(path, major)
  return {
    get: memberOf(koaResponse, 'get body') as () => unknown,
    set: createBodySetter(major, koaSetter as BodySetter, statuses, isStream),
    configurable: true,
    enumerable: true
  }
}

/**
 * Gives `app.response` the body setter above when the app's Koa is a known version and the
 * accessors it reads are Koa's own. Safe to call more than once per app.
 * @returns whether it was installed
 */
export function prepareKoaBody(app: KoaAppLike): boolean {
  const appResponse = app.response
  if (typeof appResponse !== 'object' || appResponse === null || hasOwnAny(appResponse, OWN_OVERRIDES))
    return false
  const koaResponse = Object.getPrototypeOf(appResponse) as object | null
  if (koaResponse === null) return false
  const prepared = preparedByModule.get(koaResponse)
  if (prepared === null) return false
  Object.defineProperty(appResponse, 'body', prepared)
  return true
}

/** Whether `app.response` runs the body setter {@link prepareKoaBody} gave it (for `pulya explain`; reads only). */
export function hasPreparedKoaBody(app: KoaAppLike): boolean {
  const appResponse = app.response
  if (typeof appResponse !== 'object' || appResponse === null) return false
  const koaResponse = Object.getPrototypeOf(appResponse) as object | null
  const prepared = koaResponse === null ? null : preparedByModule.get(koaResponse)
  return prepared != null && Object.getOwnPropertyDescriptor(appResponse, 'body')?.set === prepared.set
}
