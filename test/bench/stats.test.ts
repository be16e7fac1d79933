/**
 * bench:check's verdict: the median of per-round ratios, each round paired with its neighbour
 * of the same pass. The numbers are a CI run that failed before the pairing was by pass.
 */
import { describe, expect, it } from 'vitest'
import type { Contestant, Round } from '../../bench/lib/stats.mjs'
import { buildIfNeeded } from '../helpers/build.js'

// bench/lib/stats.mjs takes its median from the build (src/cli/median.ts, shared with pulya bench).
await buildIfNeeded()
const { addRatios, median, pairedRange, pairedSpeed } = await import('../../bench/lib/stats.mjs')

const round = (n: number, cpuUsPerReq: number, pass?: number): Round => ({
  round: n,
  cpuUsPerReq,
  rps: 1e6 / cpuUsPerReq,
  ...(pass === undefined ? {} : { pass })
})

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones, ignoring what is not a number', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([1, null, Number.NaN, 'x', 5])).toBe(3)
    expect(median([])).toBeNull()
  })
})

describe('pairedSpeed', () => {
  // koa3 ran the first pass and both re-runs; pulya's Router the first and re-run 1; app.use(pulya()) the first and re-run 2.
  const vanilla = [
    round(1, 150.5),
    round(2, 78.2),
    round(3, 66.0),
    round(1, 37.0, 1),
    round(2, 29.4, 1),
    round(3, 32.5, 1),
    round(1, 44.6, 2),
    round(2, 30.2, 2),
    round(3, 33.1, 2)
  ]
  const router = [
    round(1, 226.8),
    round(2, 108.9),
    round(3, 77.9),
    round(1, 45.2, 1),
    round(2, 29.2, 1),
    round(3, 30.1, 1)
  ]
  const middleware = [
    round(1, 265.3),
    round(2, 82.4),
    round(3, 69.4),
    round(1, 41.1, 2),
    round(2, 30.0, 2),
    round(3, 32.2, 2)
  ]

  it('pairs each round with the same round of the same pass', () => {
    // Router: 0.66, 0.72, 0.85 (first pass), 0.82, 1.01, 1.08 (re-run 1) → median of six = 0.83.
    expect(pairedSpeed(router, vanilla)?.cpu).toBeCloseTo((37.0 / 45.2 + 66.0 / 77.9) / 2, 10)
    // Middleware: 0.57, 0.95, 0.95 (first pass), 1.09, 1.01, 1.03 (re-run 2, paired with vanilla's
    // re-run 2 — with its re-run 1 the middle two would be 0.95 and 0.98) → 0.98.
    expect(pairedSpeed(middleware, vanilla)?.cpu).toBeCloseTo((66.0 / 69.4 + 30.2 / 30.0) / 2, 10)
  })

  it('speaks of req/s the other way round: pulya over vanilla', () => {
    const speed = pairedSpeed([round(1, 50)], [round(1, 100)])
    expect(speed).toEqual({ cpu: 2, rps: 2 })
  })

  it('is null when the two share no round', () => {
    expect(pairedSpeed([round(1, 10, 1)], [round(1, 10)])).toBeNull()
    expect(pairedSpeed(undefined, vanilla)).toBeNull()
  })
})

describe('pairedRange', () => {
  it('is the smallest and largest of the per-round ratios the median is taken of', () => {
    const pulya = [round(1, 50), round(2, 40), round(3, 80)]
    const vanilla = [round(1, 100), round(2, 60), round(3, 60)]
    expect(pairedRange(pulya, vanilla)).toEqual({ cpu: [0.75, 2], rps: [0.75, 2] })
    expect(pairedSpeed(pulya, vanilla)).toEqual({ cpu: 1.5, rps: 1.5 })
  })

  it('is null when the two share no round', () => {
    expect(pairedRange([round(1, 10, 1)], [round(1, 10)])).toBeNull()
  })
})

describe('addRatios', () => {
  const contestant = (
    variant: string,
    base: string | null,
    against: string | null,
    nodeMajor: number,
    cpu: number[]
  ): Contestant => ({
    variant,
    base,
    against,
    nodeMajor,
    median: { cpuUsPerReq: median(cpu) as number, rps: 1e6 / (median(cpu) as number) },
    rounds: cpu.map((c, i) => round(i + 1, c))
  })

  it('gives a feature variant its cost against the pulya variant it sits on, per Node major, and none to the others', () => {
    const [vanilla, pulya, metrics, pulya24, metrics24] = addRatios([
      contestant('express4', null, null, 20, [100, 100, 100]),
      contestant('express4+pulya', 'express4', null, 20, [30, 40, 20]),
      contestant('express4+pulya-metrics', 'express4', 'express4+pulya', 20, [33, 42, 20]),
      contestant('express4+pulya', 'express4', null, 24, [50, 50, 50]),
      contestant('express4+pulya-metrics', 'express4', 'express4+pulya', 24, [55, 55, 55])
    ])
    // Per round: 30/33, 40/42, 20/20 → the median speed is 40/42, not the ratio of the medians (30/33).
    expect(metrics?.vsAgainst?.paired?.cpu).toBeCloseTo(40 / 42, 10)
    expect(metrics24?.vsAgainst?.paired?.cpu).toBeCloseTo(50 / 55, 10)
    expect(metrics?.vsBase?.paired?.cpu).toBeCloseTo(100 / 33, 10)
    expect([vanilla?.vsAgainst, pulya?.vsAgainst, pulya24?.vsAgainst]).toEqual([null, null, null])
  })
})
