/**
 * The prom-client export: one set of metrics per registry, the series of every install summed,
 * the cluster aggregation exact, and prom-client loaded only when asked for.
 */
import { describe, expect, it } from 'vitest'
import { AggregatorRegistry, Counter, Registry } from 'prom-client'
import { PULYA_ERR_PROM_CLIENT } from '../../../src/core/errors.js'
import {
  exportMetrics,
  exposition,
  expositionRegistry,
  loadPromClient,
  promClientIfInstalled,
  type MetricsSource
} from '../../../src/core/metrics/prometheus.js'
import { RouteRecorder, ABORTED } from '../../../src/core/metrics/recorder.js'
import { pulya } from '../../../src/index.js'
import { thrown } from '../../helpers/thrown.js'
import { client, missing, NO_STATS } from './_shared.js'

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
