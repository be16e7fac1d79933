/**
 * The `metrics` and `underPressure` options, validated once when `pulya()` is called.
 */
import { DEFAULT_BUCKETS, UNKNOWN_ROUTE } from './recorder.js'
import { DEFAULT_SAMPLE_INTERVAL_MS } from './process.js'
import { isRecord } from '../object-kinds.js'

/** A prom-client `Registry` (pulya registers its metrics with `registerMetric`). */
export interface RegistryLike {
  registerMetric(metric: unknown): void
  metrics(): Promise<string>
  readonly contentType: string
}

/** Options of `metrics`. */
export interface MetricsOptions {
  /**
   * Upper boundaries of the duration histogram, in seconds, increasing.
   * @default OpenTelemetry's HTTP buckets, 0.005 … 10
   */
  buckets?: readonly number[]
  /**
   * The prom-client registry pulya's metrics join; `false`: no Prometheus, `metrics()` only.
   * @default prom-client's global registry when prom-client is installed, else none
   */
  register?: RegistryLike | false
  /**
   * The `route` label of requests no route answered.
   * @default '__unknown__'
   */
  unknownRoute?: string
}

/** `metrics` after validation. `register`: `undefined` = prom-client's global registry if installed. */
export interface ResolvedMetrics {
  readonly buckets: readonly number[]
  readonly register: RegistryLike | false | undefined
  readonly unknownRoute: string
}

/** Options of `underPressure`: every threshold is optional, at least one is required. */
export interface UnderPressureOptions {
  /** Mean event-loop delay of the last window above which requests are shed, milliseconds. */
  maxEventLoopDelay?: number
  /** Event-loop utilisation of the last window above which requests are shed, in (0, 1]. */
  maxEventLoopUtilization?: number
  /** Heap used above which requests are shed, bytes. */
  maxHeapUsedBytes?: number
  /** Resident set size above which requests are shed, bytes. */
  maxRssBytes?: number
  /**
   * The `Retry-After` header of the 503, seconds.
   * @default 10
   */
  retryAfter?: number
  /**
   * How often the process is sampled, milliseconds.
   * @default 1000
   */
  sampleInterval?: number
}

/** `underPressure` after validation: an absent threshold is `Infinity`. */
export interface ResolvedUnderPressure {
  readonly maxEventLoopDelay: number
  readonly maxEventLoopUtilization: number
  readonly maxHeapUsedBytes: number
  readonly maxRssBytes: number
  readonly retryAfter: number
  readonly sampleInterval: number
}

/** Default `Retry-After` of a shed request, seconds (as `@fastify/under-pressure`). */
export const DEFAULT_RETRY_AFTER = 10

type Invalid = (name: string, expected: string, value: unknown) => TypeError

function known(
  name: string,
  value: Record<string, unknown>,
  names: readonly string[],
  invalid: Invalid
): void {
  for (const key of Object.keys(value)) {
    if (!names.includes(key))
      throw invalid(`${name}.${key}`, `one of ${names.join(', ')} (unknown option)`, value[key])
  }
}

/** Does `value` look like a prom-client `Registry`? */
export function isRegistry(value: unknown): value is RegistryLike {
  return (
    isRecord(value) && typeof value['registerMetric'] === 'function' && typeof value['metrics'] === 'function'
  )
}

const DEFAULT_METRICS: ResolvedMetrics = Object.freeze({
  buckets: DEFAULT_BUCKETS,
  register: undefined,
  unknownRoute: UNKNOWN_ROUTE
})

/** Resolves `metrics`: `false` (the default) or its settings. */
export function resolveMetrics(value: unknown, invalid: Invalid): ResolvedMetrics | false {
  if (value === undefined || value === false) return false
  if (value === true) return DEFAULT_METRICS
  if (!isRecord(value)) throw invalid('metrics', 'a boolean or an object', value)
  known('metrics', value, ['buckets', 'register', 'unknownRoute'], invalid)
  const { buckets = DEFAULT_BUCKETS, register, unknownRoute = UNKNOWN_ROUTE } = value
  if (
    !Array.isArray(buckets) ||
    buckets.length === 0 ||
    !buckets.every(
      (b, i) =>
        typeof b === 'number' && Number.isFinite(b) && b > 0 && (i === 0 || b > (buckets[i - 1] as number))
    )
  ) {
    throw invalid('metrics.buckets', 'a non-empty array of increasing positive numbers (seconds)', buckets)
  }
  if (register !== undefined && register !== false && !isRegistry(register)) {
    throw invalid('metrics.register', 'a prom-client Registry or false', register)
  }
  if (typeof unknownRoute !== 'string' || unknownRoute === '')
    throw invalid('metrics.unknownRoute', 'a non-empty string', unknownRoute)
  return Object.freeze({ buckets: Object.freeze([...(buckets as number[])]), register, unknownRoute })
}

const THRESHOLDS = [
  'maxEventLoopDelay',
  'maxEventLoopUtilization',
  'maxHeapUsedBytes',
  'maxRssBytes'
] as const

/** Resolves `underPressure`: `false` (the default) or its thresholds. */
export function resolveUnderPressure(value: unknown, invalid: Invalid): ResolvedUnderPressure | false {
  if (value === undefined || value === false) return false
  if (!isRecord(value))
    throw invalid('underPressure', 'false or an object with at least one threshold', value)
  known('underPressure', value, [...THRESHOLDS, 'retryAfter', 'sampleInterval'], invalid)
  const positive = (name: string, fallback: number, max = Infinity): number => {
    const given = value[name]
    // Infinity: no threshold (what an absent one resolves to).
    if (given === undefined || given === Infinity) return fallback
    if (typeof given !== 'number' || !(given > 0) || given > max) {
      throw invalid(`underPressure.${name}`, max === 1 ? 'a number in (0, 1]' : 'a positive number', given)
    }
    return given
  }
  if (!THRESHOLDS.some((name) => value[name] !== undefined && value[name] !== Infinity)) {
    throw invalid('underPressure', `an object with at least one of ${THRESHOLDS.join(', ')}`, value)
  }
  const retryAfter = value['retryAfter'] ?? DEFAULT_RETRY_AFTER
  if (typeof retryAfter !== 'number' || !Number.isSafeInteger(retryAfter) || retryAfter < 0)
    throw invalid('underPressure.retryAfter', 'a non-negative integer (seconds)', retryAfter)
  const sampleInterval = value['sampleInterval'] ?? DEFAULT_SAMPLE_INTERVAL_MS
  if (typeof sampleInterval !== 'number' || !Number.isSafeInteger(sampleInterval) || sampleInterval < 10)
    throw invalid('underPressure.sampleInterval', 'an integer of at least 10 (milliseconds)', sampleInterval)
  return Object.freeze({
    maxEventLoopDelay: positive('maxEventLoopDelay', Infinity),
    maxEventLoopUtilization: positive('maxEventLoopUtilization', Infinity, 1),
    maxHeapUsedBytes: positive('maxHeapUsedBytes', Infinity),
    maxRssBytes: positive('maxRssBytes', Infinity),
    retryAfter,
    sampleInterval
  })
}
