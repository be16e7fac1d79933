/**
 * The metrics recorder: series bounded by route templates, histogram counts, and quantiles
 * estimated the way Prometheus's `histogram_quantile` does.
 */
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_BUCKETS,
  RouteRecorder,
  UNKNOWN_ROUTE,
  quantile
} from '../../../src/core/metrics/recorder.js'

describe('RouteRecorder', () => {
  it('uses the OpenTelemetry HTTP semantic conventions buckets and the __unknown__ label by default', () => {
    const recorder = new RouteRecorder()
    expect(recorder.buckets).toEqual([
      0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10
    ])
    expect(recorder.unknownRoute).toBe(UNKNOWN_ROUTE)
    expect(DEFAULT_BUCKETS).toBe(recorder.buckets)
  })

  it('keeps one series per method, route and status, and counts each observation in its bucket', () => {
    const recorder = new RouteRecorder([0.1, 1])
    recorder.record('GET', '/users/:id', 200, 0.05)
    recorder.record('GET', '/users/:id', 200, 0.1)
    recorder.record('GET', '/users/:id', 200, 0.5)
    recorder.record('GET', '/users/:id', 404, 3)
    recorder.record('POST', '/users/:id', 200, 0.2)
    const series = [...recorder.series()]
    expect(series.map((s) => [s.method, s.route, s.status, [...s.counts], s.count])).toEqual([
      ['GET', '/users/:id', 200, [2, 1, 0], 3],
      ['GET', '/users/:id', 404, [0, 0, 1], 1],
      ['POST', '/users/:id', 200, [0, 1, 0], 1]
    ])
    const snapshot = recorder.snapshot()['/users/:id']
    expect(snapshot?.count).toBe(5)
    expect(snapshot?.statuses).toEqual({ 200: 4, 404: 1 })
    expect(snapshot?.duration.counts).toEqual([2, 4, 5])
    expect(snapshot?.duration.sum).toBeCloseTo(3.85)
    expect(JSON.parse(JSON.stringify(recorder.snapshot()))).toEqual(recorder.snapshot())
  })

  it('keeps every series its own numbers when there are more than one page of them, and after a reset', () => {
    const recorder = new RouteRecorder([0.1, 1])
    // 4 doubles per series here: 2,000 series fill one 4,096-double page and spill into the next.
    for (let round = 1; round <= 2; round++) {
      for (let i = 0; i < 1000; i++) {
        recorder.record('GET', `/r${i}`, 200, i % 2 === 0 ? 0.05 : 5)
        recorder.record('POST', `/r${i}`, 201, 0.5)
      }
    }
    const series = recorder.series()
    expect(series).toHaveLength(2000)
    for (const [n, s] of series.entries()) {
      const i = n >> 1
      if (s.method === 'GET')
        expect([s.route, s.status, [...s.counts], s.count, s.sum]).toEqual([
          `/r${i}`,
          200,
          i % 2 === 0 ? [2, 0, 0] : [0, 0, 2],
          2,
          i % 2 === 0 ? 0.1 : 10
        ])
      else
        expect([s.route, s.status, [...s.counts], s.count, s.sum]).toEqual([`/r${i}`, 201, [0, 2, 0], 2, 1])
    }
    const last = series[1999]
    recorder.reset()
    expect(recorder.series()).toHaveLength(0)
    recorder.record('GET', '/r0', 200, 0.5)
    expect([...recorder.series()].map((s) => [s.route, [...s.counts], s.count])).toEqual([
      ['/r0', [0, 1, 0], 1]
    ])
    // A series read before the reset (the exposition keeps its last one) keeps its numbers.
    expect(last?.count).toBe(2)
  })

  it('adds no series beyond the unknown label for 100,000 unknown requests', () => {
    const recorder = new RouteRecorder(DEFAULT_BUCKETS, 'unmatched')
    for (let i = 0; i < 100_000; i++) recorder.record('GET', undefined, 404, 0.001)
    const series = [...recorder.series()]
    expect(series).toHaveLength(1)
    expect(series[0]?.route).toBe('unmatched')
    expect(Object.keys(recorder.snapshot())).toEqual(['unmatched'])
  })
})

describe('quantile', () => {
  it('interpolates within the bucket the rank falls in', () => {
    // 10 observations ≤ 0.1, 10 more ≤ 1.
    expect(quantile(0.5, [0.1, 1], [10, 20, 20])).toBeCloseTo(0.1)
    expect(quantile(0.75, [0.1, 1], [10, 20, 20])).toBeCloseTo(0.55)
    expect(quantile(0.25, [0.1, 1], [10, 20, 20])).toBeCloseTo(0.05)
  })
  it('answers the last boundary in the +Inf bucket, and 0 with no observation', () => {
    expect(quantile(0.99, [0.1, 1], [0, 0, 5])).toBe(1)
    expect(quantile(0.5, [0.1, 1], [0, 0, 0])).toBe(0)
    expect(quantile(0.5, [], [])).toBe(0)
    expect(quantile(0.5, [], [3])).toBe(0)
  })
  it('gives the snapshot p50, p90 and p99 per route', () => {
    const recorder = new RouteRecorder([0.1, 1])
    for (let i = 0; i < 100; i++) recorder.record('GET', '/a', 200, i < 90 ? 0.05 : 0.5)
    const route = recorder.snapshot()['/a']
    expect(route?.p50).toBeCloseTo(0.1 * (50 / 90))
    expect(route?.p90).toBeCloseTo(0.1)
    expect(route?.p99).toBeCloseTo(0.1 + 0.9 * (9 / 10))
  })
})
