/**
 * Koa's response header work done once per distinct value, on the app's own response prototype.
 *
 * Every `ctx.body = …` in Koa 3 goes through `response.set` two or three times (Content-Type,
 * Content-Length), and each call builds `[[field, value]]`, maps it through `normalizeHeader`
 * (a `toLowerCase` per call) and walks it with `forEach` to make one `res.setHeader` call.
 * `ctx.type = 'json'` runs mime-types' `contentType` each time. For the `response.set` and
 * `type` setter sources pulya knows (a SHA-1 of each function's text), the app's
 * `app.response` — the prototype Koa gives every request's response — gets:
 * - a `set` that for one string field and a value that is not an array makes the same
 *   `res.setHeader(field, value)` call directly (anything else goes to Koa's own `set`);
 * - a `type` setter that remembers what `contentType` answered per input (256 inputs of at
 *   most 256 characters, then it starts over) and calls `this.set`/`this.remove` as Koa's does.
 * Nothing is installed where the app (or a plugin) already put its own `set` or `type` on
 * `app.response`, and unknown Koa versions keep their own. For users:
 * docs/how-it-works.md#koa-3-responseset-and-ctxtype.
 */
import { knownAs } from './known-members.js'
import { modulePath, requireFrom } from '../../core/loaded-modules.js'
import { OnceMap } from '../../core/once.js'
import type { KoaAppLike, KoaResponse } from '../host-types.js'
import { fault } from '../../core/fault-points.js'
import { fellBack } from '../../core/fallbacks.js'

type SetFn = (this: KoaResponse, field: unknown, value?: unknown) => void
type TypeSetter = (this: KoaResponse, type: unknown) => void

/** Inputs remembered per type memo; a full memo starts over (apps use a handful of types). */
const TYPE_MEMO_MAX = 256
/** Longer inputs are looked up every time, so the memo holds at most 256 × 256 characters. */
const TYPE_KEY_MAX = 256

/** `response.set` for one string field and a non-array value: Koa's `normalizeHeader` is the identity there. */
function createFastSet(koaSet: SetFn): SetFn {
  return function set(this: KoaResponse, field: unknown, value?: unknown): void {
    if (typeof field !== 'string' || !isPlainValue(value)) {
      koaSet.call(this, field, value)
      return
    }
    if (this.headerSent || !field) return
    this.res.setHeader(field, value)
  }
}

/** Not an array (Koa maps each item); a failure of this check leaves the call to Koa's own `set`. */
function isPlainValue(value: unknown): boolean {
  try {
    fault('header-setters')
    return !Array.isArray(value)
  } catch (error) {
    fellBack('header-setters', error)
    return false
  }
}

/** The `type` setter with `contentType` remembered per input. */
function createTypeSetter(contentType: (type: unknown) => string | false): TypeSetter {
  const memo = new Map<unknown, string | false>()
  return function setType(this: KoaResponse, input: unknown): void {
    let type: string | false | undefined
    let remember = true
    try {
      fault('header-setters')
      type = memo.get(input)
    } catch (error) {
      // mime-types answers for this input, as if there were no memo.
      fellBack('header-setters', error)
      remember = false
    }
    if (type === undefined) {
      type = contentType(input)
      // Only short strings are remembered: contentType answers false for anything else, an
      // object key would keep the object alive, and a type taken from a request could be long.
      if (remember && typeof input === 'string' && input.length <= TYPE_KEY_MAX) {
        if (memo.size >= TYPE_MEMO_MAX) memo.clear()
        memo.set(input, type)
      }
    }
    if (type) {
      this.set('Content-Type', type)
    } else {
      this.remove('Content-Type')
    }
  }
}

/** What one Koa's response module gets on each app's prototype, or null: not a known Koa. */
interface Prepared {
  readonly set: SetFn
  readonly type: PropertyDescriptor
}

/** Per Koa response module: worked out once (fingerprints, the module search), shared by its apps. */
const preparedByModule = new OnceMap<object, Prepared | null>(prepare)

function prepare(koaResponse: object): Prepared | null {
  const koaSet = (koaResponse as { set?: unknown }).set
  // Read as values, never called through the descriptor: the getter is put back as it is.
  const typeDescriptor: { get?: unknown; set?: unknown } =
    Object.getOwnPropertyDescriptor(koaResponse, 'type') ?? {}
  // Known `response.set` and `type` setter texts (known-sources.ts): Koa 3's only.
  if (knownAs('set', koaSet) === undefined || knownAs('set type', typeDescriptor.set) === undefined)
    return null
  const path = modulePath(koaResponse)
  if (path === undefined) return null
  const { contentType } = requireFrom(path)('mime-types') as {
    contentType: (type: unknown) => string | false
  }
  return {
    set: createFastSet(koaSet as SetFn),
    type: {
      get: typeDescriptor.get as () => unknown,
      set: createTypeSetter(contentType),
      configurable: true,
      enumerable: true
    }
  }
}

/**
 * Gives `app.response` the faster `set` and `type` setter when the app's Koa is a known
 * version and neither is the app's own already. Safe to call more than once per app.
 * @returns whether anything was installed
 */
export function prepareKoaResponse(app: KoaAppLike): boolean {
  const appResponse = app.response
  if (typeof appResponse !== 'object' || appResponse === null) return false
  if (Object.hasOwn(appResponse, 'set') || Object.hasOwn(appResponse, 'type')) return false
  const koaResponse = Object.getPrototypeOf(appResponse) as object | null
  if (koaResponse === null) return false
  const prepared = preparedByModule.get(koaResponse)
  if (prepared === null) return false
  Object.defineProperty(appResponse, 'set', {
    value: prepared.set,
    writable: true,
    configurable: true,
    enumerable: true
  })
  Object.defineProperty(appResponse, 'type', prepared.type)
  return true
}

/**
 * Whether `app.response` runs the `set` {@link prepareKoaResponse} gave it (for `pulya explain`;
 * reads only).
 */
export function hasPreparedKoaResponse(app: KoaAppLike): boolean {
  const appResponse = app.response
  if (typeof appResponse !== 'object' || appResponse === null) return false
  const koaResponse = Object.getPrototypeOf(appResponse) as object | null
  const prepared = koaResponse === null ? null : preparedByModule.get(koaResponse)
  return prepared != null && Object.getOwnPropertyDescriptor(appResponse, 'set')?.value === prepared.set
}
