/**
 * ETags of repeated bodies, remembered (docs/how-it-works.md#responses; measured in bench/NOTES.md).
 *
 * The same body always has the same ETag, so only Express's own generators (never a user's
 * function, whose answer may depend on more than the body) get a memo in front; the memo is
 * bounded and goes cold when bodies do not repeat (core/body-memo).
 */
import { BodyMemo } from '../../core/body-memo.js'
import { OnceMap } from '../../core/once.js'
import { fault } from '../../core/fault-points.js'
import { fellBack } from '../../core/fallbacks.js'

/** Express's compiled `etag fn`: `(body, encoding) → tag`. */
export type EtagFn = (body: string | Buffer, encoding?: BufferEncoding) => string | undefined

/** The parts of an Express app this module uses. */
export interface AppWithSettings {
  settings: Record<string, unknown>
  set: AppSet
}

/** Express's `app.set(setting, value)`, which is also `app.get(setting)` with one argument. */
export type AppSet = (setting: string, value?: unknown) => unknown

/** Bodies up to this many bytes are memoised; a larger one is hashed each time. */
export const ETAG_MEMO_MAX_BYTES = 4096
/** Bodies kept per generator (weak, strong). */
const ETAG_MEMO_MAX_ENTRIES = 256

const ETAG_FN = 'etag fn'

const MEMOS = new WeakMap<EtagFn, BodyMemo>()

/**
 * Express's own generators, found by asking `set` itself to compile `'weak'` and `'strong'`
 * on a scratch settings object; a generator is trusted only if it answers as Express's do.
 */
export function genuineGenerators(set: AppSet): ReadonlySet<EtagFn> {
  return GENUINE.get(set)
}

/** Every app of one Express shares its `set`: probed once. */
const GENUINE = new OnceMap<AppSet, ReadonlySet<EtagFn>>(probeGenerators)

function probeGenerators(set: AppSet): ReadonlySet<EtagFn> {
  const found = new Set<EtagFn>()
  const probe = { settings: Object.create(null) as Record<string, unknown>, set }
  const sample = Buffer.from('pulya')
  for (const [value, prefix] of [
    ['weak', 'W/"5-'],
    ['strong', '"5-']
  ] as const) {
    try {
      probe.set('etag', value)
    } catch {
      continue
    }
    const fn = probe.settings[ETAG_FN]
    if (typeof fn !== 'function') continue
    const tag = (fn as EtagFn)(sample) ?? ''
    if (tag.startsWith(prefix)) found.add(fn as EtagFn)
  }
  return found
}

/** The memoising twin of one of Express's generators (one per generator, shared by apps). */
export function memoised(genuine: EtagFn): EtagFn {
  return MEMOISED.get(genuine)
}

/** One memoising twin per generator, shared by every app. */
const MEMOISED = new OnceMap<EtagFn, EtagFn>((genuine) => {
  const memo = new BodyMemo(ETAG_MEMO_MAX_ENTRIES, ETAG_MEMO_MAX_BYTES)
  // Express hands `res.send`'s body over as a Buffer; anything else goes to the generator.
  const generateETag: EtagFn = (body, encoding) => {
    if (!Buffer.isBuffer(body)) return genuine(body, encoding)
    let active = false
    let known: string | undefined
    try {
      fault('etag-memo')
      active = memo.active(body.length)
      if (active) known = memo.get(body)
    } catch (error) {
      fellBack('etag-memo', error)
    }
    if (known !== undefined) return known
    // Outside the guard: the generator is Express's, its errors are Express's.
    const tag = genuine(body, encoding)
    if (active && typeof tag === 'string') remember(memo, body, tag)
    return tag
  }
  MEMOS.set(generateETag, memo)
  return generateETag
})

/** Stores a tag the generator made; a memo that fails to keep it costs only a later hash. */
function remember(memo: BodyMemo, body: Buffer, tag: string): void {
  try {
    fault('etag-memo-store')
    memo.set(body, tag)
  } catch (error) {
    fellBack('etag-memo', error)
  }
}

/** The memo behind a memoising generator (for stats and tests). */
export function memoOf(fn: unknown): BodyMemo | undefined {
  return typeof fn === 'function' ? MEMOS.get(fn as EtagFn) : undefined
}

/**
 * Puts the memo in front of `app`'s own `etag fn` when it is one of the generators `set`
 * compiles (Express's own; an inherited setting or a user's function is left alone).
 */
export function memoiseEtagSetting(app: AppWithSettings, set: AppSet = app.set): void {
  const genuine = genuineGenerators(set)
  const settings = app.settings
  if (!Object.hasOwn(settings, ETAG_FN)) return
  const fn = settings[ETAG_FN]
  if (genuine.has(fn as EtagFn)) settings[ETAG_FN] = memoised(fn as EtagFn)
}

/**
 * `app.set` that keeps the memo in front of the app's `etag fn` after every later
 * `app.set('etag', …)` / `app.enable('etag')` / `app.set('etag fn', …)`.
 *
 * @returns the wrapped `set`, or `set` itself when it does not compile Express's generators
 */
export function withEtagMemo(set: AppSet): AppSet {
  if (genuineGenerators(set).size === 0) return set
  // Two parameters, as Express's own `set`: some code reads a function's length.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the second is read through `arguments`
  return function setKeepingEtagMemo(this: AppWithSettings, setting: string, _value?: unknown): unknown {
    // `app.get(name)` is `set` with one argument, on every `res.send`: keep it one call.
    if (arguments.length === 1) return set.call(this, setting)
    // eslint-disable-next-line prefer-rest-params -- the arity is Express's get/set switch
    const result = Reflect.apply(set, this, arguments) as unknown
    if (arguments.length > 1 && (setting === 'etag' || setting === ETAG_FN)) memoiseEtagSetting(this, set)
    return result
  }
}
