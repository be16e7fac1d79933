/**
 * The text exposition pulya renders for its histogram (`metricsHandler()`): byte for byte what
 * prom-client renders, scrape after scrape, while series change, appear, grow a digit, are
 * reset, and come from several installs — the bytes of unchanged series copied from the last
 * exposition, runs of them in one copy.
 */
import { sumRoutingStats } from '../../src/core/stats.js'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Histogram, Registry } from 'prom-client'
import {
  exportMetrics,
  exposition,
  METRIC_NAMES,
  type MetricsSource,
  type PromClient
} from '../../src/core/metrics/prometheus.js'
import { ABORTED, RouteRecorder, statusLabel } from '../../src/core/metrics/recorder.js'
import { ByteWriter } from '../../src/core/metrics/byte-writer.js'
import { requirePromClient } from '../../src/core/metrics/prom-client.js'

const client = requirePromClient() as PromClient
const NO_STATS = sumRoutingStats([])
const HELP = 'Duration of HTTP server requests, by route template (pulya).'
const BUCKETS = [0.005, 0.1, 1, 7.5]

function source(recorder: RouteRecorder): MetricsSource {
  return { recorder, shed: 0, stats: () => NO_STATS }
}

/** pulya's registry and, next to it, prom-client's own histogram fed the same observations. */
function pair(buckets: readonly number[] = BUCKETS) {
  const register = new Registry()
  const recorder = new RouteRecorder(buckets)
  exportMetrics(client, register, buckets, source(recorder))
  const reference = new Registry()
  const histogram = new Histogram({
    name: METRIC_NAMES.duration,
    help: HELP,
    labelNames: ['method', 'route', 'status_code'],
    buckets: [...buckets],
    registers: [reference]
  })
  return {
    register,
    record: (method: string, route: string | undefined, status: number, seconds: number): void => {
      recorder.record(method, route, status, seconds)
      histogram.observe({ method, route: route ?? '__unknown__', status_code: statusLabel(status) }, seconds)
    },
    /** What pulya serves, and both references: the registry's own rendering, prom-client's histogram's. */
    scrape: async (): Promise<{ ours: string; registry: string; histogram: string }> => {
      const ours = (await exposition(register)).toString()
      return {
        ours,
        registry: await register.metrics(),
        histogram: (await reference.getSingleMetricAsString(METRIC_NAMES.duration)) + '\n'
      }
    }
  }
}

/** The histogram's family in an exposition (it is registered first). */
function family(text: string): string {
  return text.slice(0, text.indexOf('\n\n')) + '\n'
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe("pulya's text exposition of its histogram", () => {
  it("is byte for byte prom-client's, scrape after scrape, as series change, grow a digit and appear", async () => {
    const { record, scrape } = pair()
    const routes = ['/a', '/b/:id', '/c/"q"\\x\ny', '/café/:ü', undefined]
    // Durations in every bucket, +Inf included, and sums with long decimals.
    const seconds = [0.001, 0.005, 0.05, 0.2, 3, 9, 0.123456789]
    let n = 0
    for (const route of routes)
      for (const status of [200, 404]) record('GET', route, status, seconds[n++ % seconds.length] as number)
    const steps: Array<() => void> = [
      () => {},
      () => {
        record('GET', '/a', 200, 0.01)
      }, // the first series
      () => {
        record('GET', '/c/"q"\\x\ny', 404, 12)
      }, // one in the middle
      () => {
        record('GET', undefined, 404, 0.3)
      }, // the last
      () => {
        for (let i = 0; i < 9; i++) record('GET', '/b/:id', 200, 0.002)
      }, // 1 → 10 observations: a digit longer
      () => {
        record('POST', '/new', 201, 0.5)
      }, // a new series at the end
      () => {
        record('GET', '/a', ABORTED, 1)
      }, // aborted, and neighbours unchanged
      () => {
        record('GET', '/a', 200, 0.01)
        record('GET', undefined, 404, 0.3)
      } // two runs of unchanged ones between
    ]
    for (const step of steps) {
      step()
      const { ours, registry, histogram } = await scrape()
      expect(ours).toBe(registry)
      expect(family(ours)).toBe(histogram)
    }
  })

  it('copies unchanged series from the last exposition, a run of them in one copy', async () => {
    const { record, scrape } = pair()
    for (let i = 0; i < 10; i++) record('GET', `/r/${i}`, 200, 0.01 * i)
    await scrape()
    const putRange = vi.spyOn(ByteWriter.prototype, 'putRange')
    const putValue = vi.spyOn(ByteWriter.prototype, 'putValue')
    const [once, twice] = [await scrape(), await scrape()]
    expect(once.ours).toBe(once.registry)
    expect(twice.ours).toBe(once.ours)
    // Two scrapes without a change: one copy each (of bytes: a copy with none is nothing), not one value written.
    const copies = (): number => putRange.mock.calls.filter(([, start, end]) => end > start).length
    expect(copies()).toBe(2)
    expect(putValue).not.toHaveBeenCalled()
    putRange.mockClear()
    record('GET', '/r/4', 200, 0.2)
    const { ours, registry } = await scrape()
    expect(ours).toBe(registry)
    // The series before /r/4 in one copy, those after it in another; /r/4's seven lines written.
    expect(copies()).toBe(2)
    expect(putValue).toHaveBeenCalledTimes(BUCKETS.length + 3)
  })

  it('stays exact past the first 64 KiB and across a reset, and for concurrent scrapes', async () => {
    const { register, record, scrape } = pair()
    for (let i = 0; i < 300; i++)
      for (const status of [200, 500]) record('GET', `/route/${i}/:id`, status, (i % 50) / 10)
    const first = await scrape()
    expect(first.ours.length).toBeGreaterThan(1 << 16)
    expect(first.ours).toBe(first.registry)
    for (let i = 0; i < 300; i += 7) record('GET', `/route/${i}/:id`, 500, 0.02)
    const [a, b] = await Promise.all([exposition(register), exposition(register)])
    expect(a.toString()).toBe(await register.metrics())
    expect(b.toString()).toBe(await register.metrics())
    register.resetMetrics()
    expect((await exposition(register)).toString()).not.toContain('_count{')
    record('GET', '/route/1/:id', 200, 0.01)
    const after = (await exposition(register)).toString()
    expect(after).toBe(await register.metrics())
    expect(after).toContain(
      `${METRIC_NAMES.duration}_count{method="GET",route="/route/1/:id",status_code="200"} 1\n`
    )
    expect(after.match(/_count\{/g)).toHaveLength(1)
  })

  it("sums every install's series, changing when any install records", async () => {
    const register = new Registry()
    const a = new RouteRecorder(BUCKETS)
    const b = new RouteRecorder(BUCKETS)
    exportMetrics(client, register, BUCKETS, source(a))
    exportMetrics(client, register, BUCKETS, source(b))
    a.record('GET', '/x', 200, 0.05)
    a.record('GET', '/y', 200, 0.05)
    b.record('GET', '/x', 200, 0.5)
    const check = async (): Promise<void> => {
      expect((await exposition(register)).toString()).toBe(await register.metrics())
    }
    await check()
    b.record('GET', '/y', 200, 2)
    await check()
    expect((await exposition(register)).toString()).toContain(
      `${METRIC_NAMES.duration}_count{method="GET",route="/y",status_code="200"} 2`
    )
    a.record('GET', '/x', 200, 0.001)
    await check()
  })
})
