/**
 * The options every host shares (`cache`, `verify`, `smallStack`), their defaults, and the
 * one-time validation that turns a user's object into a frozen, fully resolved object.
 * Host adapters add their own options (`src/express/options.ts`) through the same resolver, so
 * one entry point rejects what its host does not understand instead of silently ignoring it.
 *
 * The README's options table is the one place that documents them; `test/options-table.test.ts`
 * checks it against {@link OPTION_NAMES} and the resolvers.
 */

import { isPlainObject } from './records.js'
import { PULYA_ERR_INVALID_OPTION, pulyaError } from './errors.js'
import {
  resolveMetrics,
  resolveUnderPressure,
  type MetricsOptions,
  type ResolvedMetrics,
  type ResolvedUnderPressure,
  type UnderPressureOptions
} from './metrics/options.js'

export type { MetricsOptions, UnderPressureOptions } from './metrics/options.js'

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

/** The options every host accepts. */
export interface CoreOptions {
  /**
   * The route cache: `false` turns it off, `true` or an object (its bounds) turns it on.
   * @default { max: 1024, maxKeyLength: 1024 }
   */
  cache?: boolean | CacheOptions
  /**
   * Verify mode: `true` checks every request against the host's own matching, a number in
   * [0, 1] checks that share of requests, `false` none.
   * @default false
   */
  verify?: boolean | number
  /**
   * Routers with this many layers or fewer are left to the host's own dispatch: there a
   * lookup costs about what it saves (bench/NOTES.md). `0` accelerates every router.
   * @default 6
   */
  smallStack?: number
  /**
   * Build every router's index before the first request: when the app starts listening
   * (Express's `app.listen`, pulya's `createServer`) or when `warm(app)` is called. A router
   * that still has no index when its first request comes (a server pulya did not see start,
   * Koa's own `listen`) serves that request with the host's own dispatch and builds the index
   * right after, off the request path. `false`: each index is built by the first request that
   * needs it.
   * @default true
   */
  warm?: boolean
  /**
   * Per-route metrics: a duration histogram per (method, route template, status), requests in
   * progress, the route cache counters and process numbers, in `middleware.metrics()` and in
   * prom-client's registry. `false`: nothing is added to the request path.
   * @default false
   */
  metrics?: boolean | MetricsOptions
  /**
   * Load shedding: past a threshold (sampled every `sampleInterval` ms, never per request) new
   * requests get a pre-encoded 503 with `Retry-After` before any of the app's middleware runs.
   * @default false
   */
  underPressure?: false | UnderPressureOptions
}

/** The cache's bounds once resolved. */
export type CacheBounds = Readonly<Required<CacheOptions>>

/** Shared options after validation: every field present, nothing left to default. */
export interface ResolvedCoreOptions {
  readonly cache: false | CacheBounds
  /** Share of requests verified, in [0, 1]. */
  readonly verify: number
  readonly smallStack: number
  readonly warm: boolean
  readonly metrics: ResolvedMetrics | false
  readonly underPressure: ResolvedUnderPressure | false
}

/** The defaults, as documented in the README. */
const DEFAULT_CACHE_MAX = 1024
const DEFAULT_CACHE_MAX_KEY_LENGTH = 1024
/** The default of `smallStack`. */
const DEFAULT_SMALL_STACK = 6

/** The shared options, in the README table's order. */
export const CORE_OPTION_NAMES = [
  'cache',
  'verify',
  'smallStack',
  'warm',
  'metrics',
  'underPressure'
] as const
const KNOWN_CACHE_OPTIONS = new Set(['max', 'maxKeyLength'])

/**
 * What a host adds to the shared options: its own names, the options it knows belong to
 * another host (rejected with a message saying so), and its own name for that message.
 */
export interface HostOptionSet {
  readonly host: string
  readonly names: readonly string[]
  /** Options of other hosts, by name: the host they belong to. */
  readonly foreign: Readonly<Record<string, string>>
}

/**
 * The options only one host has, by host, in the README table's order: that host's resolver
 * takes them, every other host's refuses them by name, and the root `pulya()` warns when the
 * host it serves is handed another's. Core only names them; what each does is its host's.
 */
export const HOST_ONLY_OPTION_NAMES = {
  Express: ['serverClasses', 'responses'],
  Koa: []
} as const

/** A host with a place in {@link HOST_ONLY_OPTION_NAMES}. */
export type HostName = keyof typeof HOST_ONLY_OPTION_NAMES

/**
 * What `host` adds to the shared options: its own names from {@link HOST_ONLY_OPTION_NAMES}, and
 * every other host's as foreign, refused with a message naming their host.
 *
 * @example
 * hostOptionSet('Koa').foreign // { serverClasses: 'Express', responses: 'Express' }
 */
export function hostOptionSet(host: HostName): HostOptionSet {
  const foreign: Record<string, string> = {}
  for (const other of Object.keys(HOST_ONLY_OPTION_NAMES) as HostName[]) {
    if (other !== host) for (const name of HOST_ONLY_OPTION_NAMES[other]) foreign[name] = other
  }
  return { host, names: HOST_ONLY_OPTION_NAMES[host], foreign }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'bigint') return `${value}n`
  if (value === null || typeof value !== 'object') return String(value)
  return Array.isArray(value) ? 'an array' : 'an object'
}

/** The `TypeError` of a bad option: it names the option and the value received. */
export function invalidOption(name: string, expected: string, value: unknown): TypeError {
  return pulyaError(
    TypeError,
    PULYA_ERR_INVALID_OPTION,
    `pulya: option "${name}" must be ${expected}, received ${describe(value)}`
  )
}

function positiveInteger(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw invalidOption(name, 'a positive integer', value)
  }
  return value
}

/** A boolean option: `fallback` when absent. */
export function booleanOption(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback
  if (typeof value !== 'boolean') throw invalidOption(name, 'a boolean', value)
  return value
}

const DEFAULT_CACHE: CacheBounds = Object.freeze({
  max: DEFAULT_CACHE_MAX,
  maxKeyLength: DEFAULT_CACHE_MAX_KEY_LENGTH
})

function resolveCache(value: unknown): ResolvedCoreOptions['cache'] {
  if (value === undefined || value === true) return DEFAULT_CACHE
  if (value === false) return false
  if (!isPlainObject(value)) throw invalidOption('cache', 'false or an object', value)
  for (const key of Object.keys(value)) {
    if (!KNOWN_CACHE_OPTIONS.has(key))
      throw invalidOption(`cache.${key}`, 'one of max, maxKeyLength (unknown option)', value[key])
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
    throw invalidOption('verify', 'a boolean or a number between 0 and 1', value)
  }
  return value
}

/**
 * Checks that `options` is an object naming only options of this host, and resolves the
 * shared ones; the host resolves its own from the returned record.
 *
 * @param options - what the user passed; `undefined` means all defaults
 * @param host - the host's own option names, and the options it must refuse
 * @throws TypeError with `code === 'PULYA_ERR_INVALID_OPTION'`, naming the option and the value
 * @example
 * resolveCoreOptions({ cache: { max: 500 } }, KOA_OPTIONS).resolved // { cache: { max: 500, maxKeyLength: 1024 }, verify: 0, smallStack: 6 }
 */
export function resolveCoreOptions(
  options: unknown,
  host: HostOptionSet
): { resolved: ResolvedCoreOptions; given: Readonly<Record<string, unknown>> } {
  if (options === undefined) return { resolved: CORE_DEFAULTS, given: EMPTY }
  if (!isPlainObject(options)) throw invalidOption('options', 'an object', options)
  const names = [...CORE_OPTION_NAMES, ...host.names]
  for (const key of Object.keys(options)) {
    if (names.includes(key)) continue
    const owner = Object.hasOwn(host.foreign, key) ? host.foreign[key] : undefined
    if (owner !== undefined)
      throw invalidOption(key, `left out: it is an option of ${owner}, not of ${host.host}`, options[key])
    throw invalidOption(key, `one of ${names.join(', ')} (unknown option)`, options[key])
  }
  const smallStack = options['smallStack'] ?? DEFAULT_SMALL_STACK
  if (typeof smallStack !== 'number' || !Number.isSafeInteger(smallStack) || smallStack < 0)
    throw invalidOption('smallStack', 'a non-negative integer', smallStack)
  const resolved = Object.freeze({
    cache: resolveCache(options['cache']),
    verify: resolveVerify(options['verify']),
    smallStack,
    warm: booleanOption('warm', options['warm'], true),
    metrics: resolveMetrics(options['metrics'], invalidOption),
    underPressure: resolveUnderPressure(options['underPressure'], invalidOption)
  })
  return { resolved, given: options }
}

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({})

const CORE_DEFAULTS: ResolvedCoreOptions = Object.freeze({
  cache: DEFAULT_CACHE,
  verify: 0,
  smallStack: DEFAULT_SMALL_STACK,
  warm: true,
  metrics: false,
  underPressure: false
})
