/**
 * ETags of repeated bodies, remembered (README, "Responses"; measured in bench/NOTES.md).
 *
 * The same body always has the same ETag, so only Express's own generators (never a user's
 * function, whose answer may depend on more than the body) get a memo in front; the memo is
 * bounded and goes cold when bodies do not repeat (core/body-memo).
 */
import { BodyMemo } from '../../core/body-memo.js'
import { OnceMap } from '../../core/once.js'

/** Express's compiled `etag fn`: `(body, encoding) → tag`. */
export type EtagFn = (body: string | Buffer, encoding?: BufferEncoding) => string | undefined

/** The parts of an Express app this module uses. */
export interface AppWithSettings {
  settings: Record<string, unknown>
  set: (setting: string, value?: unknown) => unknown
}

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
export function genuineGenerators(set: AppWithSettings['set']): ReadonlySet<EtagFn> {
  return GENUINE.get(set)
}

/** Every app of one Express shares its `set`: probed once. */
const GENUINE = new OnceMap<AppWithSettings['set'], ReadonlySet<EtagFn>>(probeGenerators)

function probeGenerators(set: AppWithSettings['set']): ReadonlySet<EtagFn> {
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
    if (!Buffer.isBuffer(body) || !memo.active(body.length)) return genuine(body, encoding)
    const known = memo.get(body)
    if (known !== undefined) return known
    const tag = genuine(body, encoding)
    if (typeof tag === 'string') memo.set(body, tag)
    return tag
  }
  MEMOS.set(generateETag, memo)
  return generateETag
})

/** The memo behind a memoising generator (for stats and tests). */
export function memoOf(fn: unknown): BodyMemo | undefined {
  return typeof fn === 'function' ? MEMOS.get(fn as EtagFn) : undefined
}

/**
 * Puts the memo in front of the app's `etag fn` when it is one of Express's generators, now
 * and after every later `app.set('etag', …)` / `app.enable('etag')` / `app.set('etag fn', …)`.
 */
export function memoiseEtags(app: AppWithSettings): void {
  const set = app.set
  const genuine = genuineGenerators(set)
  if (genuine.size === 0) return
  const swap = (target: AppWithSettings): void => {
    const settings = target.settings
    if (!Object.hasOwn(settings, ETAG_FN)) return
    const fn = settings[ETAG_FN]
    if (genuine.has(fn as EtagFn)) settings[ETAG_FN] = memoised(fn as EtagFn)
  }
  swap(app)
  // Two parameters, as Express's own `set`: some code reads a function's length.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the second is read through `arguments`
  app.set = function set_(this: AppWithSettings, setting: string, _value?: unknown): unknown {
    // `app.get(name)` is `set` with one argument, on every `res.send`: keep it one call.
    if (arguments.length === 1) return set.call(this, setting)
    // eslint-disable-next-line prefer-rest-params -- the arity is Express's get/set switch
    const result = Reflect.apply(set, this, arguments) as unknown
    if (arguments.length > 1 && (setting === 'etag' || setting === ETAG_FN)) swap(this)
    return result
  }
}
