/**
 * Pulya's options: their types, their defaults and the one-time validation that
 * turns a user's object into a frozen, fully resolved {@link ResolvedOptions}.
 *
 * Validation happens once, when `pulya(options)` is called, never per request.
 */

/** Options of the route cache. */
export interface CacheOptions {
  /**
   * Most resolved paths kept per router.
   * @default 1024
   */
  max?: number
  /**
   * Longest path (in characters) that is cached; longer paths are resolved
   * without touching the cache, so a flood of huge URLs cannot fill memory.
   * @default 1024
   */
  maxKeyLength?: number
}

/** Options accepted by `pulya(options)`. */
export interface PulyaOptions {
  /**
   * The route cache: `false` turns it off, `true` or an object (its bounds) turns it on.
   * @default { max: 1024, maxKeyLength: 1024 }
   */
  cache?: boolean | CacheOptions
  /**
   * Verify mode: `true` checks every request against the host framework's own
   * matching, a number in [0, 1] checks that share of requests, `false` none.
   * @default false
   */
  verify?: boolean | number
  /**
   * Express: let `app.listen()` (and `createServer(app)`) build requests and responses from
   * classes that already carry the app's prototypes, so Express's per-request
   * `Object.setPrototypeOf` becomes a no-op. `false` leaves `app.listen` as Express has it.
   * @default true
   */
  serverClasses?: boolean
  /**
   * Routers with this many layers or fewer are left to the host's own dispatch: there a
   * lookup costs about what it saves, and a small app under a flood of unique URLs would
   * miss the cache on every request (measured in bench/NOTES.md). `0` accelerates every router.
   * @default 6
   */
  smallStack?: number
  /**
   * Express: the response paths — ETags of repeated bodies remembered instead of re-hashed,
   * the default 404 and error pages built once, and `res.send`/`res.json`/`res.sendStatus`
   * without their repeated Content-Type work (for the Express sources pulya knows). `false`
   * leaves all of them to Express.
   * @default true
   */
  responses?: boolean
}

/** Options after validation: every field present, nothing left to default. */
export interface ResolvedOptions {
  readonly cache: false | Readonly<Required<CacheOptions>>
  readonly verify: number
  readonly serverClasses: boolean
  readonly smallStack: number
  readonly responses: boolean
}

/** Error code of every option error, stable across versions. */
export const PULYA_ERR_INVALID_OPTION = 'PULYA_ERR_INVALID_OPTION'

/** The defaults, as documented in the README. */
export const DEFAULT_CACHE_MAX = 1024
export const DEFAULT_CACHE_MAX_KEY_LENGTH = 1024

const KNOWN_OPTIONS = new Set(['cache', 'verify', 'serverClasses', 'smallStack', 'responses'])

/** The default of `smallStack`. */
export const DEFAULT_SMALL_STACK = 6
const KNOWN_CACHE_OPTIONS = new Set(['max', 'maxKeyLength'])

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'bigint') return `${value}n`
  if (value === null || typeof value !== 'object') return String(value)
  return Array.isArray(value) ? 'an array' : 'an object'
}

function invalid(name: string, expected: string, value: unknown): TypeError {
  const error = new TypeError(
    `pulya: option "${name}" must be ${expected}, received ${describe(value)}`
  ) as TypeError & { code: string }
  error.code = PULYA_ERR_INVALID_OPTION
  return error
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value) as unknown
  return proto === Object.prototype || proto === null
}

function positiveInteger(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw invalid(name, 'a positive integer', value)
  }
  return value
}

function resolveCache(value: unknown): ResolvedOptions['cache'] {
  if (value === undefined || value === true) {
    return Object.freeze({ max: DEFAULT_CACHE_MAX, maxKeyLength: DEFAULT_CACHE_MAX_KEY_LENGTH })
  }
  if (value === false) return false
  if (!isPlainObject(value)) throw invalid('cache', 'false or an object', value)
  for (const key of Object.keys(value)) {
    if (!KNOWN_CACHE_OPTIONS.has(key)) throw invalid(`cache.${key}`, 'one of max, maxKeyLength (unknown option)', value[key])
  }
  return Object.freeze({
    max: positiveInteger('cache.max', value['max'], DEFAULT_CACHE_MAX),
    maxKeyLength: positiveInteger('cache.maxKeyLength', value['maxKeyLength'], DEFAULT_CACHE_MAX_KEY_LENGTH)
  })
}

function resolveVerify(value: unknown): number {
  if (value === undefined || value === false) return 0
  if (value === true) return 1
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || value > 1) {
    throw invalid('verify', 'a boolean or a number between 0 and 1', value)
  }
  return value
}

/**
 * Validates `options` once and returns them resolved and frozen.
 *
 * @param options - what the user passed to `pulya()`; `undefined` means all defaults
 * @throws TypeError with `code === 'PULYA_ERR_INVALID_OPTION'`, naming the option and the value
 * @example
 * resolveOptions({ cache: { max: 500 } }) // { cache: { max: 500, maxKeyLength: 1024 }, verify: 0 }
 */
export function resolveOptions(options?: PulyaOptions): ResolvedOptions {
  if (options === undefined) return DEFAULTS
  if (!isPlainObject(options)) throw invalid('options', 'an object', options)
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) throw invalid(key, 'one of cache, verify, serverClasses, smallStack, responses (unknown option)', options[key as keyof PulyaOptions])
  }
  const serverClasses = options.serverClasses ?? true
  if (typeof serverClasses !== 'boolean') throw invalid('serverClasses', 'a boolean', serverClasses)
  const smallStack = options.smallStack ?? DEFAULT_SMALL_STACK
  if (typeof smallStack !== 'number' || !Number.isSafeInteger(smallStack) || smallStack < 0) throw invalid('smallStack', 'a non-negative integer', smallStack)
  const responses = options.responses ?? true
  if (typeof responses !== 'boolean') throw invalid('responses', 'a boolean', responses)
  return Object.freeze({ cache: resolveCache(options.cache), verify: resolveVerify(options.verify), serverClasses, smallStack, responses })
}

const DEFAULTS: ResolvedOptions = Object.freeze({
  cache: Object.freeze({ max: DEFAULT_CACHE_MAX, maxKeyLength: DEFAULT_CACHE_MAX_KEY_LENGTH }),
  verify: 0,
  serverClasses: true,
  smallStack: DEFAULT_SMALL_STACK,
  responses: true
})
