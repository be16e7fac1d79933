/** Stand-in measurements for the bench tests: a loader's result, a window, a summary, the meta. */
import type { LoadResult } from '../../src/cli/load-generator.js'
import type { RunConfig, WindowSample } from '../../src/cli/bench-run.js'
import {
  BENCH_FORMAT,
  compareBaseline,
  summariseWorkload,
  type BenchDoc,
  type BenchMeta,
  type WorkloadSummary
} from '../../src/cli/bench-report.js'

/** One window as the load generator reports it: 100 requests in 1 s unless `over` says otherwise. */
export const result = (over: Partial<LoadResult> = {}): LoadResult => ({
  requests: 100,
  durationS: 1,
  rps: 100,
  p50Ms: 1,
  p99Ms: 2,
  statusCodes: { 200: 100 },
  errors: 0,
  timeouts: 0,
  loaderCpu: 0.5,
  ...over
})

/** A short run's timing. */
export const CONFIG: RunConfig = { durationS: 1, rounds: 2, connections: 10, warmupS: 0.5, rewarmS: 0.1 }

/** One measured window of one server. */
export const sample = (
  round: number,
  rps: number,
  cpuUsPerReq: number,
  over: Partial<WindowSample> = {}
): WindowSample => ({
  round,
  rps,
  requests: 1000,
  durationS: 1,
  p50Ms: 1,
  p99Ms: 3,
  cpuUsPerReq,
  rssMb: 40,
  loaderCpu: 0.5,
  statusCodes: { 200: 1000 },
  errors: 0,
  timeouts: 0,
  ...over
})

/** A workload of two rounds where pulya is `speedup` times faster and costs `pulyaCpu` µs/request. */
export function summary(name: string, speedup: number, pulyaCpu: number): WorkloadSummary {
  return summariseWorkload({
    workload: {
      name,
      kind: name === 'mix' ? 'mix' : 'route',
      template: name === 'mix' ? null : name.slice(4),
      requests: [
        { method: 'GET', path: '/a' },
        { method: 'GET', path: '/a' }
      ]
    },
    vanilla: [sample(1, 1000, pulyaCpu * speedup), sample(2, 1000, pulyaCpu * speedup)],
    pulya: [sample(1, 1000 * speedup, pulyaCpu), sample(2, 1000 * speedup * 1.1, pulyaCpu)]
  })
}

/** A run's meta with every optional part present. */
export const META: BenchMeta = {
  startedAt: '2026-12-04T06:00:00.000Z',
  elapsedS: 95,
  app: 'app.js',
  exportName: null,
  node: 'v20.20.2',
  platform: 'linux-x64',
  cpuModel: 'CPU',
  cpus: 2,
  notPinned: null,
  pulyaVersion: '0.1.0',
  pulyaOptions: { cache: { max: 5000 } },
  config: { ...CONFIG, top: 8, routes: ['/api/*'] },
  routes: 12,
  mixRoutes: 12,
  check: { requests: 14, same: 13, nondeterministic: 1 }
}

/**
 * A report of the mix (pulya 1.8× faster) and `route` (0.9×, slower), gated against a
 * baseline where the mix was 3× faster: one regression.
 */
export function reportDoc(route: string): BenchDoc {
  const workloads = [summary('mix', 1.8, 30), summary(route, 0.9, 40)]
  return {
    format: BENCH_FORMAT,
    meta: META,
    workloads,
    gate: compareBaseline(
      workloads,
      [{ name: 'mix', speedup: { median: 3 }, pulya: { cpuUsPerReq: 30 } }],
      0.1,
      'old.json'
    )
  }
}
