/**
 * The per-route recorder behind the `metrics` option: host-agnostic. An adapter tells it when
 * a request starts and how it ended (method, route template, status, seconds); it keeps one
 * duration histogram per (method, route, status) series. The route is a template from the
 * app's route table or the `unknownRoute` label, so the number of series is bounded by the
 * route table, never by the URLs clients send.
 */

/** OpenTelemetry HTTP semantic conventions' advised boundaries for `http.server.request.duration`, in seconds. */
export const DEFAULT_BUCKETS: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10
])

/** The route label of requests no route answered. */
export const UNKNOWN_ROUTE = '__unknown__'

/** The `status` of a request the client aborted before the response finished. */
export const ABORTED = 0

/** The status label of a series: the status code, or `aborted`. */
export function statusLabel(status: number): string {
  return status === ABORTED ? 'aborted' : String(status)
}

/**
 * Doubles per page of series data. Pages are never moved or grown: a series keeps its place,
 * and its `counts` view stays valid, for as long as the recorder lives.
 */
const PAGE_DOUBLES = 4096

/**
 * One series: a (method, route, status) triple and its duration histogram. Its numbers live in
 * a page shared with other series, side by side — count, sum, then the buckets — so recording
 * a request writes one or two cache lines of one array instead of visiting a histogram object,
 * its own typed array and a boxed sum: with hundreds of routes, those were cache misses per
 * request (bench/NOTES.md, "metrics: per-request cost").
 */
export class Series {
  /**
   * Observations per bucket (not cumulative); the last slot is above the last boundary. A view
   * of the page: read-only for everyone but the recorder.
   */
  readonly counts: Float64Array
  readonly #page: Float64Array
  readonly #at: number

  constructor(
    readonly method: string,
    readonly route: string,
    readonly status: number,
    page: Float64Array,
    at: number,
    width: number
  ) {
    this.#page = page
    this.#at = at
    this.counts = page.subarray(at + 2, at + 2 + width)
  }

  /** Requests recorded. */
  get count(): number {
    return this.#page[this.#at] as number
  }

  /** Their durations, in seconds. */
  get sum(): number {
    return this.#page[this.#at + 1] as number
  }
}

/**
 * A route's series, as the request path looks them up: the first one's key and place inline
 * (most routes answer one method with one status), the others in a list.
 */
class RouteSeries {
  constructor(
    readonly method: string,
    readonly status: number,
    readonly page: Float64Array,
    readonly at: number
  ) {}
  more: RouteSeries[] | null = null
}

/** A route's numbers in the JSON snapshot. */
export interface RouteSnapshot {
  count: number
  /** Requests per status code (`aborted`: the client went away first). */
  statuses: Record<string, number>
  /** Cumulative counts per upper boundary (`le`), `+Inf` last, and the sum of seconds. */
  duration: { buckets: number[]; counts: number[]; sum: number }
  /** Estimated from the histogram (linear within a bucket, as Prometheus's `histogram_quantile`). */
  p50: number
  p90: number
  p99: number
}

/**
 * Records finished requests into bounded series. A request costs one map lookup (the route), a
 * comparison or two (method and status) and three additions into one array.
 */
export class RouteRecorder {
  /** Requests started and not yet finished. */
  active = 0
  readonly buckets: readonly number[]
  readonly unknownRoute: string
  /** route → its series. */
  #routes = new Map<string, RouteSeries>()
  #all: Series[] = []
  #page = new Float64Array(0)
  #used = 0

  constructor(buckets: readonly number[] = DEFAULT_BUCKETS, unknownRoute: string = UNKNOWN_ROUTE) {
    this.buckets = buckets
    this.unknownRoute = unknownRoute
  }

  /** Records a finished (or aborted) request; `route` `undefined` → the unknown-route label. */
  record(method: string, route: string | undefined, status: number, seconds: number): void {
    const label = route ?? this.unknownRoute
    let entry = this.#routes.get(label)
    if (entry === undefined || entry.status !== status || entry.method !== method)
      entry = this.#find(entry, method, label, status)
    const page = entry.page
    const at = entry.at
    const buckets = this.buckets
    let i = 0
    while (i < buckets.length && seconds > (buckets[i] as number)) i++
    page[at] = (page[at] as number) + 1
    page[at + 1] = (page[at + 1] as number) + seconds
    page[at + 2 + i] = (page[at + 2 + i] as number) + 1
  }

  /** The series of (method, label, status) past the route's first one, made on first use. */
  #find(first: RouteSeries | undefined, method: string, label: string, status: number): RouteSeries {
    if (first !== undefined && first.more !== null) {
      for (const candidate of first.more) {
        if (candidate.status === status && candidate.method === method) return candidate
      }
    }
    const width = this.buckets.length + 1
    if (this.#used + 2 + width > this.#page.length) {
      this.#page = new Float64Array(Math.max(PAGE_DOUBLES, 2 + width))
      this.#used = 0
    }
    const at = this.#used
    this.#used += 2 + width
    const entry = new RouteSeries(method, status, this.#page, at)
    this.#all.push(new Series(method, label, status, this.#page, at, width))
    if (first === undefined) this.#routes.set(label, entry)
    else (first.more ??= []).push(entry)
    return entry
  }

  /** Forgets every series (prom-client's `registry.resetMetrics()`); `active` is left as it is. */
  reset(): void {
    this.#routes = new Map()
    this.#all = []
    this.#page = new Float64Array(0)
    this.#used = 0
  }

  /** Every series, in the order they appeared. */
  series(): readonly Series[] {
    return this.#all
  }

  /** Per-route numbers, JSON-safe. */
  snapshot(): Record<string, RouteSnapshot> {
    const merged = new Map<
      string,
      { count: number; statuses: Record<string, number>; counts: Float64Array; sum: number }
    >()
    for (const series of this.#all) {
      let route = merged.get(series.route)
      if (route === undefined)
        merged.set(
          series.route,
          (route = {
            count: 0,
            statuses: statusCounts(),
            counts: new Float64Array(this.buckets.length + 1),
            sum: 0
          })
        )
      route.count += series.count
      route.sum += series.sum
      const status = statusLabel(series.status)
      route.statuses[status] = (route.statuses[status] ?? 0) + series.count
      for (let i = 0; i < series.counts.length; i++)
        route.counts[i] = (route.counts[i] as number) + (series.counts[i] as number)
    }
    const out: Record<string, RouteSnapshot> = {}
    for (const [name, route] of merged) {
      const cumulative: number[] = []
      let running = 0
      for (const count of route.counts) cumulative.push((running += count))
      out[name] = {
        count: route.count,
        statuses: route.statuses,
        duration: { buckets: [...this.buckets], counts: cumulative, sum: route.sum },
        p50: quantile(0.5, this.buckets, cumulative),
        p90: quantile(0.9, this.buckets, cumulative),
        p99: quantile(0.99, this.buckets, cumulative)
      }
    }
    return out
  }
}

/** Far past any status code: the index that makes V8 keep an object's integer keys in a dictionary. */
const SPARSE = 2 ** 30

/**
 * An empty object for a route's counts per status. Its keys are integer-like (`"200"`, `"503"`),
 * and V8 would give an ordinary object array-like storage sized past the largest one (~5 KB per
 * route: 3,000 routes made a snapshot take 77 ms instead of a few); one far index, added and
 * deleted, makes it keep them in a dictionary instead. Same keys, same order, same JSON.
 */
function statusCounts(): Record<string, number> {
  const counts: Record<string, number> = {}
  counts[SPARSE] = 0
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the point: the storage stays a dictionary
  delete counts[SPARSE]
  return counts
}

/**
 * The `q` quantile of a histogram, as Prometheus's `histogram_quantile` estimates it: linear
 * within the bucket it falls in; in the `+Inf` bucket, the last boundary. 0 with no observation.
 */
export function quantile(q: number, buckets: readonly number[], cumulative: readonly number[]): number {
  const total = cumulative[cumulative.length - 1] ?? 0
  if (total === 0) return 0
  const rank = q * total
  let i = 0
  while ((cumulative[i] as number) < rank) i++
  if (i >= buckets.length) return buckets[buckets.length - 1] ?? 0
  const upper = buckets[i] as number
  const lower = i === 0 ? 0 : (buckets[i - 1] as number)
  const below = i === 0 ? 0 : (cumulative[i - 1] as number)
  const inBucket = (cumulative[i] as number) - below
  return lower + (upper - lower) * ((rank - below) / inBucket)
}
