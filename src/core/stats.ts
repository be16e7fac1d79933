/**
 * The counters `middleware.stats()` returns: one shape for every host, summed over the
 * routers one install accelerates.
 */
import type { RouteCacheStats } from './route-cache.js'
import type { Verifier } from './verify.js'
import { fallbackTotal } from './fallbacks.js'

/** Counters of one pulya install (or one pulya Router), summed over its routers. */
export interface RoutingStats {
  /** Routers pulya has put its dispatch or its cache behind. */
  routers: number
  /** Route cache lookups answered from the cache. */
  hits: number
  /** Route cache lookups computed afresh (then cached). */
  misses: number
  /** Entries the cache dropped to stay within `cache.max`. */
  evictions: number
  /** Paths longer than `cache.maxKeyLength`, resolved without the cache. */
  skipped: number
  /** Requests verify mode checked against the host's own matching. */
  verified: number
  /** Checked requests where pulya's answer differed from the host's (served the host's way). */
  mismatches: number
  /**
   * Requests (or steps of one) that one of pulya's own steps failed on and the host's own path
   * served: per process, every install and every cause (docs/reliability.md#fallbacks).
   */
  fallbacks: number
}

/** What each router contributes to the counters. */
export interface CountedRouter {
  readonly index: { cacheStats(): RouteCacheStats }
  readonly verifier: Verifier | null
}

/** The counters of an install with no router: every one zero. */
export const NO_ROUTING_STATS: Readonly<RoutingStats> = Object.freeze({
  routers: 0,
  hits: 0,
  misses: 0,
  evictions: 0,
  skipped: 0,
  verified: 0,
  mismatches: 0,
  fallbacks: 0
})

/** Sums the counters of `routers`. */
export function sumRoutingStats(routers: Iterable<CountedRouter>): RoutingStats {
  const stats: RoutingStats = { ...NO_ROUTING_STATS, fallbacks: fallbackTotal() }
  for (const router of routers) {
    stats.routers++
    const cache = router.index.cacheStats()
    stats.hits += cache.hits
    stats.misses += cache.misses
    stats.evictions += cache.evictions
    stats.skipped += cache.skipped
    if (router.verifier !== null) {
      stats.verified += router.verifier.verified
      stats.mismatches += router.verifier.mismatches
    }
  }
  return stats
}
