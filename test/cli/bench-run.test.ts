/** `pulya bench`'s measurement loop with stand-in servers and loader, and the idle wait. */
import { describe, expect, it } from 'vitest'
import { planBench } from '../../src/cli/bench-plan.js'
import {
  estimateSeconds,
  runBench,
  waitIdle,
  type BenchServer,
  type ServerSample,
  type WorkloadRun
} from '../../src/cli/bench-run.js'
import { summariseWorkload } from '../../src/cli/bench-report.js'
import type { LoadOrder, LoadResult } from '../../src/cli/load-generator.js'
import { target } from '../helpers/cli-target.js'
import { CONFIG, result } from './_bench-fixtures.js'

/** Stand-in servers whose CPU grows by `costUs` per request the stand-in loader sends them. */
function fakes(costs: Record<string, number>): {
  servers: Record<'vanilla' | 'pulya', BenchServer>
  loader: { run(order: LoadOrder): Promise<LoadResult> }
  log: string[]
} {
  const cpu: Record<string, number> = {}
  const log: string[] = []
  const server = (name: string): BenchServer => ({
    url: name,
    sample: () => Promise.resolve({ cpu: { user: cpu[name] ?? 0, system: 0 }, rss: 2 ** 20 * 50 })
  })
  return {
    servers: { vanilla: server('vanilla'), pulya: server('pulya') },
    loader: {
      run: (order) => {
        log.push(`${order.url} ${order.duration}`)
        const requests = Math.round(order.duration * 1000)
        cpu[order.url] = (cpu[order.url] ?? 0) + requests * (costs[order.url] as number)
        return Promise.resolve(
          result({ requests, rps: 1e6 / (costs[order.url] as number), durationS: order.duration })
        )
      }
    },
    log
  }
}

describe('runBench', () => {
  it('warms each server once, then interleaves rounds, alternating the order, charging each window its CPU', async () => {
    const { servers, loader, log } = fakes({ vanilla: 50, pulya: 20 })
    const { workloads } = planBench([target('/a', '/a'), target('/b', '/b')], { routes: [], top: 1 })
    const progress: string[] = []
    const runs = await runBench(workloads, servers, loader, CONFIG, (done, total, label) =>
      progress.push(`${done}/${total} ${label}`)
    )
    expect(log.slice(0, 6)).toEqual([
      'vanilla 0.5',
      'pulya 0.5',
      'vanilla 0.1',
      'vanilla 1',
      'pulya 0.1',
      'pulya 1'
    ])
    expect(log.slice(6, 10)).toEqual(['pulya 0.1', 'pulya 1', 'vanilla 0.1', 'vanilla 1'])
    expect(progress[0]).toBe('0/12 mix · round 1/2 · vanilla')
    expect(progress[3]).toBe('3/12 mix · round 2/2 · vanilla')
    expect(progress.at(-1)).toBe('12/12 done')
    expect(runs.map((r) => r.vanilla.map((s) => Math.round(s.cpuUsPerReq)))).toEqual([
      [50, 50],
      [50, 50],
      [50, 50]
    ])
    const summary = summariseWorkload(runs[0] as WorkloadRun)
    expect(summary.cpuSpeedup?.median).toBeCloseTo(2.5, 10)
    expect(summary.speedup?.median).toBeCloseTo(2.5, 10)
    expect(summary.vanilla.maxRssMb).toBe(50)
  })

  it('without warm-up or re-warm; a window without requests has no CPU per request', async () => {
    const { servers, log } = fakes({ vanilla: 1, pulya: 1 })
    const loader = {
      run: (order: LoadOrder) => {
        log.push(order.url)
        return Promise.resolve(result({ requests: 0 }))
      }
    }
    const runs = await runBench(
      [{ name: 'x', kind: 'mix', template: null, requests: [{ method: 'GET', path: '/' }] }],
      servers,
      loader,
      { ...CONFIG, rounds: 1, warmupS: 0, rewarmS: 0 }
    )
    expect(log).toEqual(['vanilla', 'pulya'])
    expect(runs[0]?.pulya[0]?.cpuUsPerReq).toBeNaN()
  })

  it('no workload: nothing run', async () => {
    const { servers, loader, log } = fakes({ vanilla: 1, pulya: 1 })
    expect(await runBench([], servers, loader, CONFIG)).toEqual([])
    expect(log).toEqual([])
  })

  it('estimates the time: warm-ups, then per window the re-warm, the window and ~0.3 s', () => {
    expect(estimateSeconds(10, { ...CONFIG, rounds: 3 })).toBeCloseTo(1 + 10 * 3 * 2 * 1.4, 10)
  })
})

describe('waitIdle', () => {
  it('waits for a busy server to settle', async () => {
    let reads = 0
    const settling = {
      sample: (): Promise<ServerSample> =>
        Promise.resolve({ cpu: { user: Math.min(++reads, 3) * 1e6, system: 0 }, rss: 0 })
    }
    await waitIdle([settling], { stepMs: 1, share: 0.5, maxMs: 5_000 })
    expect(reads).toBe(4)
  })

  it('gives up after maxMs on a server that keeps burning', async () => {
    let busy = 0
    const burning = {
      sample: (): Promise<ServerSample> => Promise.resolve({ cpu: { user: ++busy * 1e6, system: 0 }, rss: 0 })
    }
    expect(await waitIdle([burning], { stepMs: 5, share: 0.5, maxMs: 30 })).toBeGreaterThanOrEqual(30)
  })
})
