/**
 * pulya's metrics in a prom-client registry. The request path records into pulya's own
 * recorder (src/core/metrics/recorder.ts: no label hashing per request); prom-client's classes
 * are what the registry holds, and they read the recorders when the registry is scraped:
 * the duration histogram answers `get()` from the recorders in prom-client's own value format
 * (so `registry.metrics()`, `getMetricsAsJSON()` and the cluster `AggregatorRegistry` treat it
 * as any prom-client histogram), the gauge and the counters are set in their documented
 * `collect()` callbacks.
 *
 * One set of metrics per registry: every install that exports to the same registry adds its
 * recorder to it, and series of the same labels are summed.
 */
import { isRegistry, type RegistryLike, type ResolvedMetrics } from './options.js'
import { statusLabel, type RouteRecorder } from './recorder.js'
import type { RoutingStats } from '../stats.js'
import { requirePromClient } from './prom-client.js'

/** What one install exports: its recorder and counters. */
export interface MetricsSource {
  readonly recorder: RouteRecorder
  readonly shed: number
  stats(): RoutingStats
}

/** The metric names, as documented in the README. */
export const METRIC_NAMES = Object.freeze({
  duration: 'http_server_request_duration_seconds',
  active: 'http_server_active_requests',
  hits: 'pulya_route_cache_hits_total',
  misses: 'pulya_route_cache_misses_total',
  evictions: 'pulya_route_cache_evictions_total',
  mismatches: 'pulya_verify_mismatches_total',
  shed: 'pulya_shed_requests_total'
})

/** Error code when Prometheus is asked for and prom-client cannot be loaded. */
export const PULYA_ERR_PROM_CLIENT = 'PULYA_ERR_PROM_CLIENT'

interface PromValue { labels: Record<string, string | number>; value: number; metricName?: string }
interface PromMetricObject { name: string; help: string; type: string; values: PromValue[]; aggregator: string }
interface PromMetric { readonly name: string; readonly help: string; readonly aggregator: string; reset(): void }
interface CollectingMetric extends PromMetric { set(value: number): void; inc(value: number): void }
type MetricClass<T> = new (config: Record<string, unknown>) => T

/** The parts of prom-client pulya uses. */
export interface PromClient {
  readonly register: RegistryLike
  readonly Histogram: MetricClass<PromMetric>
  readonly Gauge: MetricClass<CollectingMetric>
  readonly Counter: MetricClass<CollectingMetric>
}

/** prom-client, or a clear error naming the package to install. */
export function loadPromClient(load: () => unknown = requirePromClient): PromClient {
  try {
    return load() as PromClient
  } catch (cause) {
    const error = new Error('pulya: Prometheus metrics need the prom-client package (>=15): npm install prom-client', { cause }) as Error & { code: string }
    error.code = PULYA_ERR_PROM_CLIENT
    throw error
  }
}

/** Is prom-client installed? (Then `metrics: true` joins its global registry.) */
export function promClientIfInstalled(load: () => unknown = requirePromClient): PromClient | null {
  try {
    return load() as PromClient
  } catch {
    return null
  }
}

/** The metrics of one registry and the installs that feed them. */
class Exporter {
  readonly sources = new Set<MetricsSource>()
  readonly buckets: readonly number[]

  constructor(client: PromClient, registry: RegistryLike, buckets: readonly number[]) {
    this.buckets = buckets
    const sum = (read: (source: MetricsSource) => number): number => {
      let total = 0
      for (const source of this.sources) total += read(source)
      return total
    }
    const sources = this.sources
    const durations = (): PromMetricObject => this.#durations()
    const DurationHistogram = class extends client.Histogram {
      get(): Promise<PromMetricObject> { return Promise.resolve(durations()) }
      getForPromString(): Promise<PromMetricObject> { return Promise.resolve(durations()) }
      override reset(): void { for (const source of sources) source.recorder.reset() }
    }
    const metrics: PromMetric[] = [
      new DurationHistogram({ name: METRIC_NAMES.duration, help: 'Duration of HTTP server requests, by route template (pulya).', labelNames: ['method', 'route', 'status_code'], buckets, registers: [] }),
      new client.Gauge({
        name: METRIC_NAMES.active, help: 'HTTP server requests in progress (pulya).', registers: [],
        collect(this: CollectingMetric) { this.set(sum((source) => source.recorder.active)) }
      }),
      counter(client, METRIC_NAMES.hits, 'Route cache lookups answered from the cache (pulya).', () => sum((s) => s.stats().hits)),
      counter(client, METRIC_NAMES.misses, 'Route cache lookups computed afresh (pulya).', () => sum((s) => s.stats().misses)),
      counter(client, METRIC_NAMES.evictions, 'Route cache entries dropped to stay within cache.max (pulya).', () => sum((s) => s.stats().evictions)),
      counter(client, METRIC_NAMES.mismatches, 'Verified requests where pulya and the host disagreed (pulya).', () => sum((s) => s.stats().mismatches)),
      counter(client, METRIC_NAMES.shed, 'Requests answered 503 by underPressure (pulya).', () => sum((s) => s.shed))
    ]
    const registered: PromMetric[] = []
    try {
      for (const metric of metrics) {
        registry.registerMetric(metric)
        registered.push(metric)
      }
    } catch (cause) {
      // Leave the registry as it was: a half-registered set would be worse than none.
      const remove = (registry as { removeSingleMetric?: (name: string) => void }).removeSingleMetric
      for (const metric of registered) remove?.call(registry, metric.name)
      throw new Error(`pulya: cannot register its metrics in this registry (${(cause as Error).message}); give pulya a registry of its own with metrics: { register }`, { cause })
    }
  }

  /** The histogram in prom-client's value format, series of the same labels summed. */
  #durations(): PromMetricObject {
    const buckets = this.buckets
    const merged = new Map<string, { labels: Record<string, string>; counts: Float64Array; sum: number; count: number }>()
    for (const source of this.sources) {
      for (const series of source.recorder.series()) {
        const status = statusLabel(series.status)
        const key = series.method + '\0' + series.route + '\0' + status
        let entry = merged.get(key)
        if (entry === undefined) merged.set(key, entry = { labels: { method: series.method, route: series.route, status_code: status }, counts: new Float64Array(buckets.length + 1), sum: 0, count: 0 })
        for (let i = 0; i < series.counts.length; i++) entry.counts[i] = (entry.counts[i] as number) + (series.counts[i] as number)
        entry.sum += series.sum
        entry.count += series.count
      }
    }
    const name = METRIC_NAMES.duration
    const values: PromValue[] = []
    for (const { labels, counts, sum, count } of merged.values()) {
      let cumulative = 0
      for (let i = 0; i < buckets.length; i++) {
        cumulative += counts[i] as number
        values.push({ labels: { ...labels, le: buckets[i] as number }, value: cumulative, metricName: name + '_bucket' })
      }
      values.push({ labels: { ...labels, le: '+Inf' }, value: count, metricName: name + '_bucket' })
      values.push({ labels, value: sum, metricName: name + '_sum' })
      values.push({ labels, value: count, metricName: name + '_count' })
    }
    return { name, help: 'Duration of HTTP server requests, by route template (pulya).', type: 'histogram', values, aggregator: 'sum' }
  }
}

function counter(client: PromClient, name: string, help: string, read: () => number): PromMetric {
  return new client.Counter({
    name, help, registers: [],
    collect(this: CollectingMetric) {
      this.reset()
      this.inc(read())
    }
  })
}

/**
 * The registry `metricsHandler()` serves: the one given, else the one `metrics.register` names,
 * else prom-client's global registry.
 *
 * @throws Error (`PULYA_ERR_PROM_CLIENT`) when it has to load prom-client and cannot
 */
export function expositionRegistry(metrics: ResolvedMetrics | false, given: unknown, load: () => unknown = requirePromClient): RegistryLike {
  if (given !== undefined) {
    if (!isRegistry(given)) throw new TypeError('pulya: metricsHandler(registry) expects a prom-client Registry')
    return given
  }
  if (metrics !== false && metrics.register !== undefined && metrics.register !== false) return metrics.register
  return loadPromClient(load).register
}

const exporters = new WeakMap<RegistryLike, Exporter>()

/**
 * Adds `source` to the metrics of `registry`, registering them on the first call for that
 * registry.
 *
 * @throws Error when another metric already has one of pulya's names in the registry, or
 *   when the registry's pulya histogram has other buckets
 */
export function exportMetrics(client: PromClient, registry: RegistryLike, buckets: readonly number[], source: MetricsSource): void {
  let exporter = exporters.get(registry)
  if (exporter === undefined) {
    exporter = new Exporter(client, registry, buckets)
    exporters.set(registry, exporter)
  } else if (exporter.buckets.length !== buckets.length || exporter.buckets.some((b, i) => b !== buckets[i])) {
    throw new Error(`pulya: this registry already has ${METRIC_NAMES.duration} with buckets ${exporter.buckets.join(', ')}; every install exporting to one registry needs the same metrics.buckets`)
  }
  exporter.sources.add(source)
}
