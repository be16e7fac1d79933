/**
 * The host-agnostic parts of `metrics`/`underPressure`: option validation, the process
 * sampler, the prom-client export (one set of metrics per registry, series summed, the
 * cluster aggregation exact), and the monitor's choices of registry.
 */
import { sumRoutingStats } from '../../src/core/stats.js'
import { EventEmitter } from 'node:events'
import type { EventLoopUtilization } from 'node:perf_hooks'
import { describe, expect, it } from 'vitest'
import { AggregatorRegistry, Counter, Registry } from 'prom-client'
import { invalidOption } from '../../src/core/options.js'
import { PULYA_ERR_INVALID_OPTION, PULYA_ERR_PROM_CLIENT } from '../../src/core/errors.js'
import { resolveMetrics, resolveUnderPressure } from '../../src/core/metrics/options.js'
import { ProcessSampler, samplerFor, type ProcessProbe } from '../../src/core/metrics/process.js'
import {
  exportMetrics,
  exposition,
  expositionRegistry,
  loadPromClient,
  promClientIfInstalled,
  type MetricsSource,
  type PromClient
} from '../../src/core/metrics/prometheus.js'
import { RouteRecorder, ABORTED } from '../../src/core/metrics/recorder.js'
import {
  createMonitor,
  metricsSnapshot,
  Monitor,
  type MonitoredResponse
} from '../../src/core/metrics/monitor.js'
import { requirePromClient } from '../../src/core/metrics/prom-client.js'
import { pulya } from '../../src/index.js'
import { Router } from '../../src/koa/index.js'

const client = requirePromClient() as PromClient
const missing = (): never => {
  throw Object.assign(new Error("Cannot find module 'prom-client'"), { code: 'MODULE_NOT_FOUND' })
}
const NO_STATS = sumRoutingStats([])

function thrown(fn: () => unknown): { code?: unknown; message: string } {
  try {
    fn()
  } catch (error) {
    return error as { code?: unknown; message: string }
  }
  throw new Error('did not throw')
}

describe('the metrics option', () => {
  it('is off by default and with false; true takes the defaults', () => {
    expect(resolveMetrics(undefined, invalidOption)).toBe(false)
    expect(resolveMetrics(false, invalidOption)).toBe(false)
    expect(resolveMetrics(true, invalidOption)).toEqual({
      buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
      register: undefined,
      unknownRoute: '__unknown__'
    })
  })

  it('takes buckets, a registry or false, and the unknown-route label', () => {
    const register = new Registry()
    expect(resolveMetrics({ buckets: [0.1, 1], register, unknownRoute: 'other' }, invalidOption)).toEqual({
      buckets: [0.1, 1],
      register,
      unknownRoute: 'other'
    })
    expect(resolveMetrics({ register: false }, invalidOption)).toMatchObject({ register: false })
  })

  it.each([
    ['metrics', 'yes'],
    ['metrics.buckets', { buckets: [] }],
    ['metrics.buckets', { buckets: [1, 0.5] }],
    ['metrics.buckets', { buckets: [0, 1] }],
    ['metrics.buckets', { buckets: [0.1, Infinity] }],
    ['metrics.buckets', { buckets: '0.1' }],
    ['metrics.register', { register: {} }],
    ['metrics.register', { register: true }],
    ['metrics.unknownRoute', { unknownRoute: '' }],
    ['metrics.labels', { labels: ['x'] }]
  ])('refuses a bad %s', (name, value) => {
    const error = thrown(() => pulya({ metrics: value as never }))
    expect(error.code).toBe(PULYA_ERR_INVALID_OPTION)
    expect(error.message).toContain(`"${name}"`)
  })
})

describe('the underPressure option', () => {
  it('is off by default; thresholds not given are Infinity; retryAfter and sampleInterval have defaults', () => {
    expect(resolveUnderPressure(undefined, invalidOption)).toBe(false)
    expect(resolveUnderPressure(false, invalidOption)).toBe(false)
    const resolved = resolveUnderPressure({ maxEventLoopDelay: 200 }, invalidOption)
    expect(resolved).toEqual({
      maxEventLoopDelay: 200,
      maxEventLoopUtilization: Infinity,
      maxHeapUsedBytes: Infinity,
      maxRssBytes: Infinity,
      retryAfter: 10,
      sampleInterval: 1000
    })
    // Resolving a resolved value gives it back (the root pulya() hands its options on).
    expect(resolveUnderPressure(resolved, invalidOption)).toEqual(resolved)
    expect(
      pulya({ underPressure: { maxRssBytes: 1e9, retryAfter: 0, sampleInterval: 10 } }).options.underPressure
    ).toMatchObject({ maxRssBytes: 1e9, retryAfter: 0, sampleInterval: 10 })
  })

  it.each([
    ['underPressure', true],
    ['underPressure', {}],
    ['underPressure', { retryAfter: 5 }],
    ['underPressure.maxEventLoopDelay', { maxEventLoopDelay: 0 }],
    ['underPressure.maxHeapUsedBytes', { maxHeapUsedBytes: '1GB' }],
    ['underPressure.maxEventLoopUtilization', { maxEventLoopUtilization: 1.5 }],
    ['underPressure.retryAfter', { maxRssBytes: 1, retryAfter: 1.5 }],
    ['underPressure.retryAfter', { maxRssBytes: 1, retryAfter: -1 }],
    ['underPressure.sampleInterval', { maxRssBytes: 1, sampleInterval: 5 }],
    ['underPressure.maxCpu', { maxCpu: 1 }]
  ])('refuses a bad %s', (name, value) => {
    const error = thrown(() => pulya({ underPressure: value as never }))
    expect(error.code).toBe(PULYA_ERR_INVALID_OPTION)
    expect(error.message).toContain(`"${name}"`)
  })

  it("is refused by pulya's Router, which sees requests only after the middleware", () => {
    expect(thrown(() => new Router({ pulya: { metrics: true } })).message).toContain(
      '"metrics" must be left out: it is an option of the pulya() middleware'
    )
    expect(thrown(() => new Router({ pulya: { underPressure: { maxRssBytes: 1 } } })).code).toBe(
      PULYA_ERR_INVALID_OPTION
    )
  })
})

/** A probe whose numbers the test sets. */
function fakeProbe(): ProcessProbe & {
  delays: number[]
  busy: number
  heap: number
  rss: number
  enabled: boolean
} {
  let idle = 0
  let active = 0
  const probe = {
    delays: [] as number[],
    busy: 0,
    heap: 100,
    rss: 1000,
    enabled: false,
    memoryUsage: () => ({ heapUsed: probe.heap, rss: probe.rss }),
    eventLoopUtilization(
      current?: EventLoopUtilization,
      previous?: EventLoopUtilization
    ): EventLoopUtilization {
      if (current !== undefined && previous !== undefined) {
        const a = current.active - previous.active
        const i = current.idle - previous.idle
        return { active: a, idle: i, utilization: a / (a + i) }
      }
      active += probe.busy
      idle += 100 - probe.busy
      return { active, idle, utilization: active / (active + idle) }
    },
    loopDelay: () => {
      const sorted = (): number[] => [...probe.delays].sort((a, b) => a - b)
      return {
        get count() {
          return probe.delays.length
        },
        get mean() {
          return probe.delays.length === 0
            ? NaN
            : probe.delays.reduce((a, b) => a + b, 0) / probe.delays.length
        },
        get max() {
          return Math.max(...probe.delays)
        },
        get min() {
          return Math.min(...probe.delays)
        },
        percentile: (p: number) =>
          sorted()[
            Math.min(probe.delays.length - 1, Math.ceil((p / 100) * probe.delays.length) - 1)
          ] as number,
        reset: () => {
          probe.delays = []
        },
        enable: () => (probe.enabled = true),
        disable: () => !(probe.enabled = false)
      } as unknown as ReturnType<ProcessProbe['loopDelay']>
    }
  }
  return probe
}

describe('ProcessSampler', () => {
  it('reads the event-loop delay of each window (mean less the resolution), its utilisation and memory', () => {
    const probe = fakeProbe()
    const sampler = new ProcessSampler(1000, probe)
    sampler.start()
    sampler.start()
    expect(probe.enabled).toBe(true)
    const calls: number[] = []
    sampler.listeners.add(() => calls.push(sampler.eventLoopDelay))
    probe.delays = [11e6, 12e6, 40e6] // ns
    probe.busy = 25
    probe.heap = 5000
    sampler.sample()
    expect(sampler.eventLoopDelay).toBeCloseTo(21 - 10)
    expect(sampler.eventLoopDelayP50).toBe(12)
    expect(sampler.eventLoopDelayP99).toBe(40)
    expect(sampler.eventLoopDelayMax).toBe(40)
    expect(sampler.eventLoopUtilization).toBeCloseTo(0.25)
    expect(sampler.heapUsedBytes).toBe(5000)
    expect(calls).toHaveLength(1)
    expect(probe.delays).toEqual([]) // reset for the next window
  })

  it('takes a window without one sample (the loop was blocked throughout) as an infinite delay, JSON-safe in the snapshot', () => {
    const sampler = new ProcessSampler(500, fakeProbe())
    sampler.sample()
    expect(sampler.eventLoopDelay).toBe(Infinity)
    const snapshot = sampler.snapshot()
    expect(snapshot.eventLoopDelay).toEqual({ p50: 0, p99: 0, max: 0, mean: 500 })
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot)
  })

  it('is shared per interval by every install and never keeps the process alive', () => {
    expect(samplerFor(1234)).toBe(samplerFor(1234))
    expect(samplerFor(1234)).not.toBe(samplerFor(1235))
  })
})

function source(recorder: RouteRecorder, stats = NO_STATS, shed = 0): MetricsSource {
  return { recorder, shed, stats: () => stats }
}

describe('prom-client export', () => {
  it('registers one set of metrics per registry and sums the series of every install in it', async () => {
    const register = new Registry()
    const a = new RouteRecorder([0.1, 1])
    const b = new RouteRecorder([0.1, 1])
    exportMetrics(client, register, [0.1, 1], source(a, { ...NO_STATS, hits: 3, misses: 1 }, 2))
    exportMetrics(
      client,
      register,
      [0.1, 1],
      source(b, { ...NO_STATS, hits: 4, evictions: 5, mismatches: 6 })
    )
    a.record('GET', '/a/:id', 200, 0.05)
    b.record('GET', '/a/:id', 200, 0.5)
    b.record('GET', undefined, ABORTED, 2)
    a.active = 2
    const text = await register.metrics()
    expect(text).toContain(
      [
        'http_server_request_duration_seconds_bucket{le="0.1",method="GET",route="/a/:id",status_code="200"} 1',
        'http_server_request_duration_seconds_bucket{le="1",method="GET",route="/a/:id",status_code="200"} 2',
        'http_server_request_duration_seconds_bucket{le="+Inf",method="GET",route="/a/:id",status_code="200"} 2',
        'http_server_request_duration_seconds_sum{method="GET",route="/a/:id",status_code="200"} 0.55',
        'http_server_request_duration_seconds_count{method="GET",route="/a/:id",status_code="200"} 2'
      ].join('\n')
    )
    expect(text).toContain(
      'http_server_request_duration_seconds_count{method="GET",route="__unknown__",status_code="aborted"} 1'
    )
    for (const line of [
      'http_server_active_requests 2',
      'pulya_route_cache_hits_total 7',
      'pulya_route_cache_misses_total 1',
      'pulya_route_cache_evictions_total 5',
      'pulya_verify_mismatches_total 6',
      'pulya_shed_requests_total 2'
    ]) {
      expect(text.split('\n')).toContain(line)
    }
    // Twice in a row: the counters are set from the installs, not added to.
    expect((await register.metrics()).split('\n')).toContain('pulya_route_cache_hits_total 7')
    register.resetMetrics()
    expect(await register.metrics()).not.toContain('http_server_request_duration_seconds_count')
  })

  it("aggregates exactly across cluster workers (AggregatorRegistry sums what each worker's registry gives)", async () => {
    const workers = [1, 2].map((n) => {
      const register = new Registry()
      const recorder = new RouteRecorder([0.1, 1])
      exportMetrics(client, register, [0.1, 1], source(recorder, { ...NO_STATS, hits: n }))
      for (let i = 0; i < n * 10; i++) recorder.record('GET', '/users/:id', 200, 0.01 * i)
      return register
    })
    const merged = AggregatorRegistry.aggregate(
      await Promise.all(workers.map((register) => register.getMetricsAsJSON()))
    )
    const text = await merged.metrics()
    expect(text).toContain(
      'http_server_request_duration_seconds_count{method="GET",route="/users/:id",status_code="200"} 30'
    )
    expect(text).toContain(
      'http_server_request_duration_seconds_bucket{method="GET",route="/users/:id",status_code="200",le="0.1"} 21'
    )
    expect(text.split('\n')).toContain('pulya_route_cache_hits_total 3')
  })

  it("refuses other buckets in a registry that has pulya's histogram, and a registry where a name is taken (leaving it as it was)", () => {
    const register = new Registry()
    exportMetrics(client, register, [0.1, 1], source(new RouteRecorder([0.1, 1])))
    expect(() => {
      exportMetrics(client, register, [0.2, 1], source(new RouteRecorder([0.2, 1])))
    }).toThrow(/same metrics\.buckets/)
    expect(() => {
      exportMetrics(client, register, [0.1, 2], source(new RouteRecorder([0.1, 2])))
    }).toThrow(/same metrics\.buckets/)
    const taken = new Registry()
    new Counter({ name: 'pulya_route_cache_misses_total', help: 'mine', registers: [taken] })
    expect(() => {
      exportMetrics(client, taken, [1], source(new RouteRecorder([1])))
    }).toThrow(/pulya: cannot register its metrics in this registry .*already been registered/)
    expect(taken.getMetricsAsArray().map((metric) => metric.name)).toEqual(['pulya_route_cache_misses_total'])
  })

  it('renders the exposition pulya serves as prom-client would (the same bytes), falling back to prom-client with default labels or OpenMetrics', async () => {
    /** Each sample line as `name{labels sorted} value`, plus the HELP/TYPE lines. */
    const samples = (text: string): string[] =>
      text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => {
          const match = /^([^{\s]+)\{([^}]*)\} (.*)$/.exec(line)
          return match === null
            ? line
            : `${match[1] as string}{${(match[2] as string).split(',').sort().join(',')}} ${match[3] as string}`
        })
        .sort()
    const register = new Registry()
    new Counter({ name: 'app_things_total', help: 'things', registers: [register] }).inc(3)
    const recorder = new RouteRecorder([0.1, 1])
    exportMetrics(client, register, [0.1, 1], source(recorder))
    recorder.record('GET', '/a/"quoted"\\path', 200, 0.05)
    recorder.record('POST', '/b/:id', 201, 2)
    recorder.record('GET', undefined, ABORTED, 0.5)
    const ours = await exposition(register)
    expect(Buffer.isBuffer(ours)).toBe(true)
    const theirs = await register.metrics()
    expect(samples(ours.toString())).toEqual(samples(theirs))
    expect(ours.toString()).toBe(theirs)
    expect(ours.toString()).toContain('route="/a/\\"quoted\\"\\\\path"')
    expect(ours.toString().endsWith('\n')).toBe(true)
    // Past the writer's first 64 KiB: 400 series, the same samples.
    const large = new Registry()
    const many = new RouteRecorder([0.1, 1])
    exportMetrics(client, large, [0.1, 1], source(many))
    for (let i = 0; i < 400; i++) many.record('GET', `/route/${i}/:id`, 200 + (i % 3), 0.01 * (i % 200))
    const big = await exposition(large)
    expect(big.length).toBeGreaterThan(1 << 16)
    expect(samples(big.toString())).toEqual(samples(await large.metrics()))
    expect(big.toString()).toBe(await large.metrics())
    // Default labels: prom-client's own rendering.
    register.setDefaultLabels({ env: 'test' })
    expect(await exposition(register)).toBe(await register.metrics())
    // OpenMetrics, and a registry without pulya: prom-client's own too.
    const open = new (Registry as unknown as new (type: string) => Registry)(
      Registry.OPENMETRICS_CONTENT_TYPE
    )
    exportMetrics(client, open, [0.1, 1], source(recorder))
    expect(await exposition(open)).toBe(await open.metrics())
    const plain = new Registry()
    expect(await exposition(plain)).toBe(await plain.metrics())
  })

  it('names the package to install when prom-client cannot be loaded', () => {
    const error = thrown(() => loadPromClient(missing))
    expect(error.code).toBe(PULYA_ERR_PROM_CLIENT)
    expect(error.message).toBe(
      'pulya: Prometheus metrics need the prom-client package (>=15): npm install prom-client'
    )
    expect(promClientIfInstalled(missing)).toBeNull()
    expect(promClientIfInstalled()).toBe(client)
  })

  it("serves the registry given, else the one metrics.register names, else prom-client's global one", () => {
    const given = new Registry()
    const named = new Registry()
    const metrics = { buckets: [1], register: named, unknownRoute: 'x' }
    expect(expositionRegistry(metrics, given)).toBe(given)
    expect(expositionRegistry(metrics, undefined)).toBe(named)
    expect(expositionRegistry(false, undefined)).toBe(client.register)
    expect(expositionRegistry({ ...metrics, register: false }, undefined)).toBe(client.register)
    expect(() => expositionRegistry(false, {})).toThrow(TypeError)
    expect(thrown(() => expositionRegistry(false, undefined, missing)).code).toBe(PULYA_ERR_PROM_CLIENT)
    expect(typeof pulya().metricsHandler()).toBe('function')
  })
})

describe('the monitor', () => {
  const host = { routeOf: () => undefined, stats: () => NO_STATS }

  it('is not made when metrics and underPressure are off; metrics() then has the counters only', () => {
    expect(createMonitor(false, false, host)).toBeNull()
    expect(metricsSnapshot(null, () => NO_STATS)).toEqual({
      routes: {},
      active: 0,
      shed: 0,
      cache: NO_STATS,
      process: null
    })
  })

  it("with metrics: true joins prom-client's global registry when prom-client is installed, and keeps to JSON when it is not", async () => {
    const defaults = resolveMetrics(true, invalidOption) as Exclude<ReturnType<typeof resolveMetrics>, false>
    expect(new Monitor(defaults, false, host, missing).register).toBeNull()
    const monitor = createMonitor(defaults, false, host)
    expect(monitor?.register).toBe(client.register)
    expect(await client.register.metrics()).toContain('# TYPE http_server_request_duration_seconds histogram')
    expect(() => createMonitor({ ...defaults, register: new Registry() }, false, host, missing)).toThrow(
      /npm install prom-client/
    )
  })

  it("lets a hand-made response without its request through uncounted (a test's mock), and counts a real one", () => {
    const monitor = new Monitor(
      {
        ...(resolveMetrics(true, invalidOption) as Exclude<ReturnType<typeof resolveMetrics>, false>),
        register: false
      },
      false,
      host
    )
    const response = (req: object | undefined): EventEmitter & MonitoredResponse =>
      Object.assign(new EventEmitter(), {
        req,
        statusCode: 200,
        headersSent: true,
        writeHead: () => undefined,
        end: () => undefined
      }) as unknown as EventEmitter & MonitoredResponse
    const mock = response(undefined)
    expect(monitor.admit(mock, undefined)).toBe(true)
    expect(mock.listenerCount('close')).toBe(0)
    const real = response({ method: 'POST' })
    expect(monitor.admit(real, undefined)).toBe(true)
    expect(monitor.recorder?.active).toBe(1)
    real.emit('close')
    expect(monitor.recorder?.active).toBe(0)
    expect(monitor.snapshot().routes).toMatchObject({ __unknown__: { count: 1, statuses: { 200: 1 } } })
  })
})
