/**
 * The process sampler behind `underPressure` and the process metrics: one per interval,
 * event-loop delay, utilisation and memory from its probe.
 */
import type { EventLoopUtilization } from 'node:perf_hooks'
import { describe, expect, it } from 'vitest'
import { ProcessSampler, samplerFor, type ProcessProbe } from '../../../src/core/metrics/process.js'

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
