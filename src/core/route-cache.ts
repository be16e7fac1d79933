/**
 * The route cache: resolved lookups per path, bounded by entry count and key length.
 *
 * One cache serves one stack. Keys are request paths, values whatever the adapter
 * resolved for that path (never per-request state: values are shared between requests).
 */
import { LRUCache } from 'lru-cache'
import { fault } from './fault-points.js'

/** Counters a cache keeps; read them for metrics. */
export interface RouteCacheStats {
  hits: number
  misses: number
  evictions: number
  /** Lookups not cached because their path was longer than `maxKeyLength`. */
  skipped: number
}

/** A bounded cache of resolved paths. */
export class RouteCache<V extends object> {
  readonly stats: RouteCacheStats = { hits: 0, misses: 0, evictions: 0, skipped: 0 }
  readonly #lru: LRUCache<string, V>
  readonly #maxKeyLength: number

  /**
   * @param max - most entries kept
   * @param maxKeyLength - longest path cached; longer ones are always resolved afresh
   */
  constructor(max: number, maxKeyLength: number) {
    const stats = this.stats
    this.#maxKeyLength = maxKeyLength
    this.#lru = new LRUCache<string, V>({
      max,
      dispose: (_value, _key, reason) => {
        if (reason === 'evict') stats.evictions++
      }
    })
  }

  /** Number of entries held. */
  get size(): number {
    return this.#lru.size
  }

  /**
   * Returns the cached value for `path`, or `undefined` on a miss (counted).
   * @example cache.get('/users/7')
   */
  get(path: string): V | undefined {
    if (path.length > this.#maxKeyLength) {
      this.stats.skipped++
      return undefined
    }
    fault('route-cache-get')
    const value = this.#lru.get(path)
    if (value === undefined) this.stats.misses++
    else this.stats.hits++
    return value
  }

  /** Stores `value` for `path` unless the path is too long to cache. */
  set(path: string, value: V): void {
    if (path.length <= this.#maxKeyLength) this.#lru.set(path, value)
    // After the entry is stored: a step that fails half-done, which the caller must survive.
    fault('route-cache-set')
  }

  /** Drops every entry (the stack changed); counters are kept. */
  clear(): void {
    this.#lru.clear()
  }
}
