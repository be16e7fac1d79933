/**
 * The per-request side of `metrics` and `underPressure`, host-agnostic. An adapter calls
 * {@link Monitor.admit} once per request, at the top of the app (Express: the app's `handle`;
 * Koa: pulya's middleware); the monitor sheds the request (a pre-encoded 503) when the last
 * process sample passed a threshold, or else notes the start and listens for the response's
 * `close` — one listener, shared by every request, no closure per request. On `close` it asks
 * the adapter for the route template, records (method, route, status, seconds), and publishes
 * on the `pulya:request:finish` diagnostics channel when someone subscribes.
 *
 * The status recorded is the one the client was sent (`res.statusCode` once headers went out,
 * an error after them included); a response closed before any status was sent — the client
 * went away first — is recorded as `aborted`.
 */
import { fault } from '../fault-points.js'
import { fellBack } from '../fallbacks.js'
import { channel } from 'diagnostics_channel'
import { performance } from 'perf_hooks'
import { RouteRecorder, ABORTED, type RouteSnapshot } from './recorder.js'
import {
  samplerFor,
  DEFAULT_SAMPLE_INTERVAL_MS,
  type ProcessSampler,
  type ProcessSnapshot
} from './process.js'
import type { RegistryLike, ResolvedMetrics, ResolvedUnderPressure } from './options.js'
import { exportMetrics, loadPromClient, promClientIfInstalled, type MetricsSource } from './prometheus.js'
import { requirePromClient } from './prom-client.js'
import type { RoutingStats } from '../stats.js'
import { REQUEST_CONTEXT as CONTEXT, REQUEST_START as START } from '../symbols.js'

/** The diagnostics channel pulya publishes every finished request on (when `metrics` is on). */
export const FINISH_CHANNEL = 'pulya:request:finish'
const finishChannel = channel(FINISH_CHANNEL)

/** What the monitor uses of a Node response. */
export interface MonitoredResponse {
  /** Node sets it on every response it makes (and light-my-request on its own). */
  readonly req: { method?: string }
  statusCode: number
  readonly headersSent: boolean
  on(event: 'close', listener: (this: MonitoredResponse) => void): unknown
  writeHead(status: number, headers: readonly string[]): unknown
  end(body: Uint8Array): unknown
}

/** What is published on {@link FINISH_CHANNEL}. */
export interface FinishMessage {
  method: string
  /** The route template, `undefined` when no route answered. */
  route: string | undefined
  statusCode: number
  /** The connection closed before a status was sent. */
  aborted: boolean
  durationMs: number
  req: object
  res: object
  /** Koa's context (Koa only). */
  ctx?: object
}

/** What the adapter tells the monitor. */
export interface MonitorHost {
  /** The template of the route that answered (`ctx` is Koa's context, `undefined` in Express); called as a plain function. */
  readonly routeOf: (this: void, req: object, ctx: object | undefined) => string | undefined
  /** The routing counters of the install. */
  stats(): RoutingStats
  /** The adapter passes a context to {@link Monitor.admit} (Koa): it is kept for `routeOf` and the channel. */
  readonly contexts?: boolean
}

/** `middleware.metrics()`: one shape for every host. */
export interface MetricsSnapshot {
  /** Per route template (and the unknown-route label). */
  routes: Record<string, RouteSnapshot>
  /** Requests in progress. */
  active: number
  /** Requests `underPressure` answered with 503. */
  shed: number
  /** The routing counters, as `stats()`. */
  cache: RoutingStats
  /** The process, as last sampled; `null` when neither `metrics` nor `underPressure` is on. */
  process: ProcessSnapshot | null
}

interface Tracked extends MonitoredResponse {
  [START]?: number
  [CONTEXT]?: object
}

const SERVICE_UNAVAILABLE = new TextEncoder().encode('Service Unavailable')

/** The monitor of one install. */
export class Monitor {
  /** `null` with `metrics` off (`underPressure` alone). */
  readonly recorder: RouteRecorder | null
  readonly sampler: ProcessSampler
  /** The last sample passed a threshold of `underPressure`: new requests are shed. */
  overloaded = false
  shed = 0
  /** The registry pulya's metrics are in, or `null` (no Prometheus). */
  readonly register: RegistryLike | null
  readonly #host: MonitorHost
  readonly #shedHeaders: readonly string[]
  /** The `close` listener every monitored response gets (`null` with `metrics` off). */
  readonly #onClose: ((this: Tracked) => void) | null

  /** @param load - how prom-client is loaded (a stand-in in tests) */
  constructor(
    metrics: ResolvedMetrics | false,
    pressure: ResolvedUnderPressure | false,
    host: MonitorHost,
    load: () => unknown = requirePromClient
  ) {
    this.#host = host
    this.recorder = metrics === false ? null : new RouteRecorder(metrics.buckets, metrics.unknownRoute)
    this.#onClose =
      this.recorder === null ? null : closeListener(this.recorder, host.routeOf, host.contexts === true)
    this.sampler = samplerFor(pressure === false ? DEFAULT_SAMPLE_INTERVAL_MS : pressure.sampleInterval)
    this.#shedHeaders =
      pressure === false
        ? []
        : [
            'Retry-After',
            String(pressure.retryAfter),
            'Content-Type',
            'text/plain; charset=utf-8',
            'Content-Length',
            String(SERVICE_UNAVAILABLE.byteLength)
          ]
    if (pressure !== false) {
      const sampler = this.sampler
      const check = (): void => {
        this.overloaded =
          sampler.eventLoopDelay > pressure.maxEventLoopDelay ||
          sampler.eventLoopUtilization > pressure.maxEventLoopUtilization ||
          sampler.heapUsedBytes > pressure.maxHeapUsedBytes ||
          sampler.rssBytes > pressure.maxRssBytes
      }
      sampler.listeners.add(check)
      check()
    }
    this.register = metrics === false ? null : this.#export(metrics, load)
  }

  /**
   * Called once per request before any of the app's middleware: `false` when the request was
   * shed (a 503 has been written; the app must not see it), else `true`.
   */
  admit(res: MonitoredResponse, ctx: object | undefined): boolean {
    if (this.overloaded) {
      this.shed++
      res.writeHead(503, this.#shedHeaders)
      res.end(SERVICE_UNAVAILABLE)
      return false
    }
    try {
      fault('monitor-admit')
      this.track(res, ctx)
    } catch (error) {
      // The request is served unmeasured rather than not at all.
      fellBack('monitor', error)
    }
    return true
  }

  /**
   * Counts a request from now until its response closes, without shedding it: {@link admit}
   * after its threshold check, or an adapter that installs while a request is under way (its
   * duration then starts late, at the install).
   */
  track(res: MonitoredResponse, ctx: object | undefined): void {
    const tracked = res as Tracked
    // An app inside an app, each with its own install, counts a request once: the outer one.
    // A hand-made response without its request (a test's mock) is let through uncounted.
    if (this.recorder === null || tracked[START] !== undefined || (res.req as object | undefined) == null)
      return
    // The listener first: if adding it fails, nothing is left counted that no close would uncount.
    res.on('close', this.#onClose as (this: MonitoredResponse) => void)
    // One property per request (two in Koa): the request is `res.req` already.
    tracked[START] = performance.now()
    if (ctx !== undefined) tracked[CONTEXT] = ctx
    this.recorder.active++
  }

  /** The JSON snapshot. */
  snapshot(): MetricsSnapshot {
    return {
      routes: this.recorder === null ? {} : this.recorder.snapshot(),
      active: this.recorder === null ? 0 : this.recorder.active,
      shed: this.shed,
      cache: this.#host.stats(),
      process: this.sampler.snapshot()
    }
  }

  #export(metrics: ResolvedMetrics, load: () => unknown): RegistryLike | null {
    if (metrics.register === false) return null
    const shed = (): number => this.shed
    const source: MetricsSource = {
      recorder: this.recorder as RouteRecorder,
      get shed() {
        return shed()
      },
      stats: () => this.#host.stats()
    }
    const buckets = source.recorder.buckets
    if (metrics.register === undefined) {
      // `metrics: true`: prom-client's global registry if prom-client is there, else JSON only.
      const client = promClientIfInstalled(load)
      if (client === null) return null
      exportMetrics(client, client.register, buckets, source)
      return client.register
    }
    exportMetrics(loadPromClient(load), metrics.register, buckets, source)
    return metrics.register
  }
}

/**
 * The `close` listener of one monitor's responses: what it needs is captured once (no lookup
 * on the monitor per request). Records the request and publishes it when someone subscribes.
 */
function closeListener(
  recorder: RouteRecorder,
  routeOf: MonitorHost['routeOf'],
  contexts: boolean
): (this: Tracked) => void {
  return function onClose(this: Tracked): void {
    const durationMs = performance.now() - (this[START] as number)
    const req = this.req
    // Express keeps no context: no read of a property its responses never have.
    const ctx = contexts ? this[CONTEXT] : undefined
    const method = req.method ?? 'GET'
    const aborted = !this.headersSent
    recorder.active--
    let route: string | undefined
    try {
      fault('monitor-record')
      route = routeOf(req, ctx)
      recorder.record(method, route, aborted ? ABORTED : this.statusCode, durationMs / 1000)
    } catch (error) {
      // A throw in a 'close' listener would be the process's uncaught exception: the request goes unrecorded.
      fellBack('monitor', error)
      return
    }
    // Outside the guard: the subscribers are the app's (Node reports their errors itself).
    if (finishChannel.hasSubscribers) {
      const message: FinishMessage = {
        method,
        route,
        statusCode: this.statusCode,
        aborted,
        durationMs,
        req,
        res: this
      }
      if (ctx !== undefined) message.ctx = ctx
      finishChannel.publish(message)
    }
  }
}

/** `metrics()` of an install: its monitor's snapshot, or the same shape with only the counters. */
export function metricsSnapshot(
  monitor: Monitor | null | undefined,
  stats: () => RoutingStats
): MetricsSnapshot {
  return monitor == null
    ? { routes: {}, active: 0, shed: 0, cache: stats(), process: null }
    : monitor.snapshot()
}

/** A monitor when `metrics` or `underPressure` is on; `null` (nothing on the request path) otherwise. */
export function createMonitor(
  metrics: ResolvedMetrics | false,
  pressure: ResolvedUnderPressure | false,
  host: MonitorHost,
  load?: () => unknown
): Monitor | null {
  return metrics === false && pressure === false ? null : new Monitor(metrics, pressure, host, load)
}
