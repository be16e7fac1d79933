/**
 * `stats()`: the counters of every router of an install summed, verify mode's counters only
 * from routers that verify, and the process's fallbacks (none in this process).
 */
import { expect, it } from 'vitest'
import { sumRoutingStats, type CountedRouter } from '../../src/core/stats.js'
import type { Verifier } from '../../src/core/verify.js'

function router(hits: number, misses: number, verifier: Partial<Verifier> | null): CountedRouter {
  const cache = { hits, misses, evictions: hits + 1, skipped: misses + 2 }
  return { index: { cacheStats: () => cache }, verifier: verifier as Verifier | null }
}

it.each([
  [
    'no router',
    [],
    { routers: 0, hits: 0, misses: 0, evictions: 0, skipped: 0, verified: 0, mismatches: 0, fallbacks: 0 }
  ],
  [
    'one router without verify mode',
    [router(3, 4, null)],
    { routers: 1, hits: 3, misses: 4, evictions: 4, skipped: 6, verified: 0, mismatches: 0, fallbacks: 0 }
  ],
  [
    'two routers, one verifying',
    [router(3, 4, null), router(10, 20, { verified: 7, mismatches: 1 })],
    { routers: 2, hits: 13, misses: 24, evictions: 15, skipped: 28, verified: 7, mismatches: 1, fallbacks: 0 }
  ]
])('sums %s', (_name, routers, expected) => {
  expect(sumRoutingStats(routers)).toEqual(expected)
})
