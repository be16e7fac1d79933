/**
 * The process numbers of the `metrics` snapshot and of `underPressure`: event-loop delay,
 * event-loop utilisation, heap used and RSS, sampled on an unref'd interval, never per
 * request. One sampler per interval length serves every pulya install of the process.
 *
 * The event-loop delay follows `@fastify/under-pressure`: `perf_hooks.monitorEventLoopDelay`
 * at a 10 ms resolution, read and reset once per interval; the delay of a window is its mean
 * minus the resolution (the timer's own period), and a window without one sample — the loop
 * was blocked the whole time — counts as an infinite delay.
 */
import {
  monitorEventLoopDelay,
  performance,
  type EventLoopUtilization,
  type IntervalHistogram
} from 'perf_hooks'

/** Resolution of the event-loop delay histogram, in milliseconds (as `@fastify/under-pressure`). */
export const LOOP_RESOLUTION_MS = 10

/** Sampling interval when `underPressure` does not set one, in milliseconds. */
export const DEFAULT_SAMPLE_INTERVAL_MS = 1000

/** The process section of the snapshot: the last sampled window, and memory now. */
export interface ProcessSnapshot {
  /** Event-loop delay of the last window, milliseconds: p50, p99, max, and the mean under-pressure compares. */
  eventLoopDelay: { p50: number; p99: number; max: number; mean: number }
  /** Share of the last window the event loop was busy, in [0, 1]. */
  eventLoopUtilization: number
  heapUsedBytes: number
  rssBytes: number
  /** Length of the sampling window, milliseconds. */
  sampleIntervalMs: number
}

/** What a sampler reads of the process; a stand-in in tests. */
export interface ProcessProbe {
  memoryUsage(): { heapUsed: number; rss: number }
  eventLoopUtilization(current?: EventLoopUtilization, previous?: EventLoopUtilization): EventLoopUtilization
  loopDelay(): IntervalHistogram & { enable(): boolean; disable(): boolean; reset(): void }
}

const NODE_PROBE: ProcessProbe = {
  memoryUsage: () => process.memoryUsage(),
  eventLoopUtilization: (current, previous) => performance.eventLoopUtilization(current, previous),
  loopDelay: () => monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS })
}

const ms = (nanoseconds: number): number => nanoseconds / 1e6

/** Samples the process every `intervalMs`, off the request path. */
export class ProcessSampler {
  readonly intervalMs: number
  /** Mean event-loop delay of the last window, ms (`Infinity`: no sample at all, the loop was blocked). */
  eventLoopDelay = 0
  eventLoopDelayP50 = 0
  eventLoopDelayP99 = 0
  eventLoopDelayMax = 0
  eventLoopUtilization = 0
  heapUsedBytes = 0
  rssBytes = 0
  /** Called after every sample (the pressure check). */
  readonly listeners = new Set<() => void>()
  readonly #probe: ProcessProbe
  readonly #histogram: ReturnType<ProcessProbe['loopDelay']>
  #elu: EventLoopUtilization
  #timer: ReturnType<typeof setInterval> | null = null

  constructor(intervalMs: number, probe: ProcessProbe = NODE_PROBE) {
    this.intervalMs = intervalMs
    this.#probe = probe
    this.#histogram = probe.loopDelay()
    this.#elu = probe.eventLoopUtilization()
  }

  /** Starts sampling (once; later calls do nothing). The interval is unref'd: it never keeps the process alive. */
  start(): void {
    if (this.#timer !== null) return
    this.#histogram.enable()
    this.#elu = this.#probe.eventLoopUtilization()
    this.#readMemory()
    this.#timer = setInterval(() => {
      this.sample()
    }, this.intervalMs)
    this.#timer.unref()
  }

  /** Reads the window that just ended and starts the next one. */
  sample(): void {
    const histogram = this.#histogram
    const mean = histogram.mean
    this.eventLoopDelay =
      Number.isNaN(mean) || histogram.count === 0 ? Infinity : Math.max(0, ms(mean) - LOOP_RESOLUTION_MS)
    this.eventLoopDelayP50 = histogram.count === 0 ? 0 : ms(histogram.percentile(50))
    this.eventLoopDelayP99 = histogram.count === 0 ? 0 : ms(histogram.percentile(99))
    this.eventLoopDelayMax = histogram.count === 0 ? 0 : ms(histogram.max)
    histogram.reset()
    const now = this.#probe.eventLoopUtilization()
    this.eventLoopUtilization = this.#probe.eventLoopUtilization(now, this.#elu).utilization
    this.#elu = now
    this.#readMemory()
    for (const listener of this.listeners) listener()
  }

  /** The last window's numbers and memory now, JSON-safe. */
  snapshot(): ProcessSnapshot {
    const memory = this.#probe.memoryUsage()
    return {
      eventLoopDelay: {
        p50: this.eventLoopDelayP50,
        p99: this.eventLoopDelayP99,
        max: this.eventLoopDelayMax,
        // JSON has no Infinity: a window with no sample at all lasted at least the interval.
        mean: Number.isFinite(this.eventLoopDelay) ? this.eventLoopDelay : this.intervalMs
      },
      eventLoopUtilization: this.eventLoopUtilization,
      heapUsedBytes: memory.heapUsed,
      rssBytes: memory.rss,
      sampleIntervalMs: this.intervalMs
    }
  }

  #readMemory(): void {
    const memory = this.#probe.memoryUsage()
    this.heapUsedBytes = memory.heapUsed
    this.rssBytes = memory.rss
  }
}

const samplers = new Map<number, ProcessSampler>()

/** The process's sampler for `intervalMs`, started: every install asking for that interval shares it. */
export function samplerFor(intervalMs: number): ProcessSampler {
  let sampler = samplers.get(intervalMs)
  if (sampler === undefined) samplers.set(intervalMs, (sampler = new ProcessSampler(intervalMs)))
  sampler.start()
  return sampler
}
