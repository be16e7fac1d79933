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
import { FALLBACK_CAUSES, fallbacksByCause } from '../fallbacks.js'
import type { RoutingStats } from '../stats.js'
import { requirePromClient } from './prom-client.js'
import { ByteWriter, MAX_VALUE_BYTES } from './byte-writer.js'
import { PULYA_ERR_PROM_CLIENT, pulyaError } from '../errors.js'

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
  shed: 'pulya_shed_requests_total',
  fallbacks: 'pulya_fallbacks_total'
})

interface PromValue {
  labels: Readonly<Record<string, string | number>>
  sharedLabels?: Readonly<Record<string, string>>
  value: number
  metricName?: string
}
interface PromMetricObject {
  name: string
  help: string
  type: string
  values: PromValue[]
  aggregator: string
}
interface PromMetric {
  readonly name: string
  readonly help: string
  readonly aggregator: string
  reset(): void
}
interface LabelledCounter extends PromMetric {
  inc(labels: Readonly<Record<string, string>>, value: number): void
}
interface CollectingMetric extends PromMetric {
  set(value: number): void
  inc(value: number): void
}
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
    throw pulyaError(
      Error,
      PULYA_ERR_PROM_CLIENT,
      'pulya: Prometheus metrics need the prom-client package (>=15): npm install prom-client',
      cause
    )
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

/** One (method, route, status) series, summed over the installs, kept from scrape to scrape. */
interface Entry {
  /** The series' labels: one object for every line of the series and every scrape. */
  readonly labels: Readonly<Record<string, string>>
  /** `method="…",route="…",status_code="…"} `, pre-encoded: what each line has after its own labels. */
  readonly tail: Uint8Array
  /** The most bytes the series takes in the exposition (its lines with the longest values). */
  readonly size: number
  readonly counts: Float64Array
  sum: number
  count: number
  /** The scrape that last summed into it. */
  seen: number
  /**
   * `count` when the series was last rendered (-1: never): while it is unchanged, so are its
   * bytes, `start` to `end` of the last exposition's buffer.
   */
  rendered: number
  start: number
  end: number
}

const HELP = 'Duration of HTTP server requests, by route template (pulya).'
const EMPTY: Readonly<Record<string, string>> = Object.freeze({})
const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8'

/** A label value in the text exposition, escaped as prom-client does. */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')
}

/** The metrics of one registry and the installs that feed them. */
class Exporter {
  readonly sources = new Set<MetricsSource>()
  readonly buckets: readonly number[]
  /** pulya's histogram as registered (its text is rendered by {@link Exporter.text}). */
  readonly histogram: PromMetric
  readonly #entries = new Map<string, Entry>()
  #scrape = 0
  /** `{ le: bound }` per bucket: one object per bound for every series. */
  readonly #le: ReadonlyArray<Readonly<Record<string, number | string>>>
  /** `\n…_bucket{le="…",` per bucket, `+Inf` last, then `\n…_sum{` and `\n…_count{`: each line's start. */
  readonly #heads: readonly Uint8Array[]
  readonly #headBytes: number
  /** The buffer of the last exposition rendered here (read, never written again). */
  #previous: Buffer | null = null
  /** The size of the last exposition of the registry: the next one's first guess. */
  lastBytes = 0

  constructor(client: PromClient, registry: RegistryLike, buckets: readonly number[]) {
    this.buckets = buckets
    this.#le = [...buckets.map((le) => Object.freeze({ le })), Object.freeze({ le: '+Inf' })]
    const name = METRIC_NAMES.duration
    this.#heads = [
      ...this.#le.map(({ le }) => `\n${name}_bucket{le="${String(le)}",`),
      `\n${name}_sum{`,
      `\n${name}_count{`
    ].map((head) => Buffer.from(head))
    this.#headBytes = this.#heads.reduce((total, head) => total + head.length, 0)
    const sum = (read: (source: MetricsSource) => number): number => {
      let total = 0
      for (const source of this.sources) total += read(source)
      return total
    }
    const exporter = {
      json: (): PromMetricObject => this.#json(),
      values: (): PromMetricObject => this.#values(),
      reset: (): void => {
        this.#reset()
      }
    }
    const DurationHistogram = class extends client.Histogram {
      // JSON (getMetricsAsJSON, the cluster's AggregatorRegistry): labels merged, as prom-client's own get().
      get(): Promise<PromMetricObject> {
        return Promise.resolve(exporter.json())
      }
      // The text exposition: the series' labels shared by its lines, as prom-client's own histogram.
      getForPromString(): Promise<PromMetricObject> {
        return Promise.resolve(exporter.values())
      }
      override reset(): void {
        exporter.reset()
      }
    }
    this.histogram = new DurationHistogram({
      name: METRIC_NAMES.duration,
      help: HELP,
      labelNames: ['method', 'route', 'status_code'],
      buckets,
      registers: []
    })
    const metrics: PromMetric[] = [
      this.histogram,
      new client.Gauge({
        name: METRIC_NAMES.active,
        help: 'HTTP server requests in progress (pulya).',
        registers: [],
        collect(this: CollectingMetric) {
          this.set(sum((source) => source.recorder.active))
        }
      }),
      counter(client, METRIC_NAMES.hits, 'Route cache lookups answered from the cache (pulya).', () =>
        sum((s) => s.stats().hits)
      ),
      counter(client, METRIC_NAMES.misses, 'Route cache lookups computed afresh (pulya).', () =>
        sum((s) => s.stats().misses)
      ),
      counter(
        client,
        METRIC_NAMES.evictions,
        'Route cache entries dropped to stay within cache.max (pulya).',
        () => sum((s) => s.stats().evictions)
      ),
      counter(
        client,
        METRIC_NAMES.mismatches,
        'Verified requests where pulya and the host disagreed (pulya).',
        () => sum((s) => s.stats().mismatches)
      ),
      counter(client, METRIC_NAMES.shed, 'Requests answered 503 by underPressure (pulya).', () =>
        sum((s) => s.shed)
      ),
      // Per process, not per install: never summed over the sources.
      new client.Counter({
        name: METRIC_NAMES.fallbacks,
        help: "Steps of pulya's that failed and were served by the host's own path, by cause (pulya).",
        labelNames: ['cause'],
        registers: [],
        collect(this: LabelledCounter) {
          this.reset()
          const byCause = fallbacksByCause()
          for (const cause of FALLBACK_CAUSES) this.inc({ cause }, byCause[cause])
        }
      })
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
      throw new Error(
        `pulya: cannot register its metrics in this registry (${(cause as Error).message}); give pulya a registry of its own with metrics: { register }`,
        { cause }
      )
    }
  }

  /** Sums every install's series into the entries; returns those with observations. */
  #collect(): Entry[] {
    const scrape = ++this.#scrape
    const width = this.buckets.length + 1
    const live: Entry[] = []
    for (const source of this.sources) {
      for (const series of source.recorder.series()) {
        const status = statusLabel(series.status)
        const key = series.method + '\0' + series.route + '\0' + status
        let entry = this.#entries.get(key)
        if (entry === undefined) {
          entry = this.#entry(series.method, series.route, status)
          this.#entries.set(key, entry)
        }
        if (entry.seen !== scrape) {
          entry.seen = scrape
          entry.counts.fill(0)
          entry.sum = 0
          entry.count = 0
          live.push(entry)
        }
        for (let i = 0; i < width; i++)
          entry.counts[i] = (entry.counts[i] as number) + (series.counts[i] as number)
        entry.sum += series.sum
        entry.count += series.count
      }
    }
    return live
  }

  /** A new series: its label objects and its lines' bytes, made once. */
  #entry(method: string, route: string, status: string): Entry {
    // prom-client writes a line's own labels (`le`) before the series' (its sharedLabels).
    const tail = Buffer.from(
      `method="${escapeLabel(method)}",route="${escapeLabel(route)}",status_code="${status}"} `
    )
    return {
      labels: Object.freeze({ method, route, status_code: status }),
      tail,
      size: this.#headBytes + this.#heads.length * (tail.length + MAX_VALUE_BYTES),
      counts: new Float64Array(this.#le.length),
      sum: 0,
      count: 0,
      seen: 0,
      rendered: -1,
      start: 0,
      end: 0
    }
  }

  #reset(): void {
    for (const source of this.sources) source.recorder.reset()
    this.#entries.clear()
  }

  /** prom-client's text-exposition value format: `le` per line, the series' labels shared. */
  #values(): PromMetricObject {
    const name = METRIC_NAMES.duration
    const values: PromValue[] = []
    for (const entry of this.#collect()) {
      let cumulative = 0
      for (let i = 0; i < this.#le.length - 1; i++) {
        cumulative += entry.counts[i] as number
        values.push({
          labels: this.#le[i] as Record<string, number>,
          sharedLabels: entry.labels,
          value: cumulative,
          metricName: name + '_bucket'
        })
      }
      values.push({
        labels: this.#le[this.buckets.length] as Record<string, string>,
        sharedLabels: entry.labels,
        value: entry.count,
        metricName: name + '_bucket'
      })
      values.push({ labels: EMPTY, sharedLabels: entry.labels, value: entry.sum, metricName: name + '_sum' })
      values.push({
        labels: EMPTY,
        sharedLabels: entry.labels,
        value: entry.count,
        metricName: name + '_count'
      })
    }
    return { name, help: HELP, type: 'histogram', values, aggregator: 'sum' }
  }

  /** prom-client's JSON value format: every line's labels in one object. */
  #json(): PromMetricObject {
    const metric = this.#values()
    metric.values = metric.values.map(({ labels, sharedLabels, value, metricName }) => ({
      labels: { ...sharedLabels, ...labels },
      value,
      metricName
    }))
    return metric
  }

  /**
   * Writes the histogram's text exposition, byte for byte what prom-client renders from
   * {@link Exporter.values} (for a registry without default labels), without building a
   * string: each line's pre-encoded bytes, then its value's digits. A series unchanged since
   * the last exposition (the same count: every observation adds one) has the same bytes, so
   * they are copied from that exposition's buffer, runs of such series in one copy
   * (bench/NOTES.md, "Scrape").
   */
  text(out: ByteWriter): void {
    const name = METRIC_NAMES.duration
    out.put(`# HELP ${name} ${HELP}\n# TYPE ${name} histogram`)
    const previous = this.#previous
    const bounded = this.buckets.length
    // Bytes from..to of `previous` are still to be copied.
    let from = 0
    let to = 0
    for (const entry of this.#collect()) {
      if (previous !== null && entry.rendered === entry.count) {
        const length = entry.end - entry.start
        if (entry.start !== to) {
          // Not next to the run (it follows a changed series): copy the run, if any, start another.
          out.putRange(previous, from, to)
          from = to = entry.start
        }
        entry.start = out.length + (to - from)
        entry.end = entry.start + length
        to += length
        continue
      }
      if (to !== from) {
        out.putRange(previous as Buffer, from, to)
        from = to
      }
      out.reserve(entry.size)
      entry.start = out.length
      const heads = this.#heads
      const tail = entry.tail
      let cumulative = 0
      for (let i = 0; i < bounded; i++) {
        cumulative += entry.counts[i] as number
        out.putBytes(heads[i] as Uint8Array)
        out.putBytes(tail)
        out.putValue(cumulative)
      }
      out.putBytes(heads[bounded] as Uint8Array)
      out.putBytes(tail)
      out.putValue(entry.count)
      out.putBytes(heads[bounded + 1] as Uint8Array)
      out.putBytes(tail)
      out.putValue(entry.sum)
      out.putBytes(heads[bounded + 2] as Uint8Array)
      out.putBytes(tail)
      out.putValue(entry.count)
      entry.end = out.length
      entry.rendered = entry.count
    }
    if (to !== from) out.putRange(previous as Buffer, from, to)
    this.#previous = out.buffer
  }
}

function counter(client: PromClient, name: string, help: string, read: () => number): PromMetric {
  return new client.Counter({
    name,
    help,
    registers: [],
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
export function expositionRegistry(
  metrics: ResolvedMetrics | false,
  given: unknown,
  load: () => unknown = requirePromClient
): RegistryLike {
  if (given !== undefined) {
    if (!isRegistry(given))
      throw new TypeError('pulya: metricsHandler(registry) expects a prom-client Registry')
    return given
  }
  if (metrics !== false && metrics.register !== undefined && metrics.register !== false)
    return metrics.register
  return loadPromClient(load).register
}

/** What {@link exposition} uses of a prom-client registry beyond {@link RegistryLike}. */
interface ScrapedRegistry extends RegistryLike {
  getMetricsAsArray(): readonly { readonly name: string }[]
  getSingleMetricAsString(name: string): Promise<string>
}

/**
 * A registry's text exposition, as `registry.metrics()` gives it: written into one Buffer, with
 * pulya's histogram rendered by pulya ({@link Exporter.text}), when the registry holds it,
 * speaks the Prometheus text format and has no default labels (found out by asking prom-client
 * for pulya's one-value gauge); otherwise `registry.metrics()` itself. The bytes are
 * prom-client's, byte for byte (test/core/metrics-exposition.test.ts). The Buffer is read
 * again by the next exposition (it copies unchanged series from it): send it, never write
 * into it.
 */
export async function exposition(registry: RegistryLike): Promise<string | Buffer> {
  const exporter = exporters.get(registry)
  const scraped = registry as ScrapedRegistry
  if (
    exporter === undefined ||
    registry.contentType !== PROMETHEUS_TEXT ||
    typeof scraped.getSingleMetricAsString !== 'function'
  )
    return registry.metrics()
  const probe = await scraped.getSingleMetricAsString(METRIC_NAMES.active)
  if (!probe.includes(`\n${METRIC_NAMES.active} `)) return registry.metrics()
  // One buffer for the whole exposition, the size of the last one to start with.
  const out = new ByteWriter(exporter.lastBytes + (exporter.lastBytes >> 3))
  let first = true
  for (const metric of scraped.getMetricsAsArray()) {
    if (!first) out.put('\n\n')
    first = false
    if (metric === exporter.histogram) exporter.text(out)
    else out.put(await scraped.getSingleMetricAsString(metric.name))
  }
  out.put('\n')
  exporter.lastBytes = out.length
  return out.bytes()
}

const exporters = new WeakMap<RegistryLike, Exporter>()

/**
 * Adds `source` to the metrics of `registry`, registering them on the first call for that
 * registry.
 *
 * @throws Error when another metric already has one of pulya's names in the registry, or
 *   when the registry's pulya histogram has other buckets
 */
export function exportMetrics(
  client: PromClient,
  registry: RegistryLike,
  buckets: readonly number[],
  source: MetricsSource
): void {
  let exporter = exporters.get(registry)
  if (exporter === undefined) {
    exporter = new Exporter(client, registry, buckets)
    exporters.set(registry, exporter)
  } else if (
    exporter.buckets.length !== buckets.length ||
    exporter.buckets.some((b, i) => b !== buckets[i])
  ) {
    throw new Error(
      `pulya: this registry already has ${METRIC_NAMES.duration} with buckets ${exporter.buckets.join(', ')}; every install exporting to one registry needs the same metrics.buckets`
    )
  }
  exporter.sources.add(source)
}
