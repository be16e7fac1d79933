/**
 * A stack index: everything pulya keeps about one host router's layer array — the route index
 * built over it, the snapshot that tells whether the array changed since, and the route caches
 * that hold answers computed from it. Both adapters keep one per router; only how a layer's
 * path is read ({@link LayerReader}) and what a cached answer is differ between hosts.
 *
 * Staleness is checked per request in O(1): the stack is a tracked array (`tracked-array.ts`)
 * whose mutator methods bump a version, and a {@link StackSnapshot} compares identity, version
 * and length (a `stack[i] = layer` assignment changes none of them; see MIGRATION.md).
 */
import { buildRouteIndex, findCandidates, type LayerPatterns, type RouteIndex } from './route-index.js'
import { RouteCache, type RouteCacheStats } from './route-cache.js'
import { arrayVersion, trackArray } from './tracked-array.js'
import type { ResolvedCoreOptions } from './options.js'
import { fault } from './fault-points.js'

/** Reads one layer's path into what the route index takes (`null`: a candidate for every path). */
export type LayerReader<L> = (layer: L) => LayerPatterns

/** A stack as it was when something was computed from it. */
export class StackSnapshot {
  readonly stack: readonly unknown[] | null
  readonly version: number
  readonly length: number

  constructor(stack: readonly unknown[] | null, version: number, length: number) {
    this.stack = stack
    this.version = version
    this.length = length
  }

  /** Is `stack` still this array, unchanged since? */
  isCurrent(stack: readonly unknown[]): boolean {
    return (
      stack === this.stack &&
      arrayVersion(stack as unknown[]) === this.version &&
      stack.length === this.length
    )
  }
}

const NEVER_BUILT = new StackSnapshot(null, -1, -1)

/** The index, snapshot and caches of one router's stack. */
export class StackIndex<L, V extends object> {
  /** The stack the index was built over; {@link isStale} compares the router's stack with it. */
  snapshot: StackSnapshot = NEVER_BUILT
  /** The stack is long enough, and of layers the host can narrow: use the index and caches. */
  active = false
  /** Active, and some layer is not a candidate for every path: narrowing can skip layers. */
  narrows = false
  #index: RouteIndex | null = null
  readonly #read: LayerReader<L>
  readonly #accepts: (stack: readonly L[]) => boolean
  readonly #options: ResolvedCoreOptions
  /** One cache per kind of lookup (Express: one; Koa: one per method), kept across rebuilds. */
  readonly #caches = new Map<string, RouteCache<V>>()
  /** A build under way, layer by layer ({@link buildStep}); the index in use stays until it ends. */
  #pending: PendingBuild | null = null

  /**
   * @param read - the host's reader of one layer's path
   * @param options - `cache` bounds and `smallStack`
   * @param accepts - may this stack be indexed at all (the host's own conditions)?
   */
  constructor(
    read: LayerReader<L>,
    options: ResolvedCoreOptions,
    accepts: (stack: readonly L[]) => boolean = acceptAll
  ) {
    this.#read = read
    this.#options = options
    this.#accepts = accepts
  }

  /** Has `stack` changed (or been replaced) since the index was built? */
  isStale(stack: readonly L[]): boolean {
    return !this.snapshot.isCurrent(stack)
  }

  /** Builds the index over `stack` as it is now and forgets every cached answer (counters stay). */
  rebuild(stack: L[]): void {
    this.buildStep(stack, Infinity)
  }

  /**
   * Reads up to `budget` more layers of `stack` toward its index, and puts the index in use once
   * every layer is read (forgetting every cached answer; counters stay). A stack that changes
   * meanwhile is read again from the start. Reading the layers is most of a build (at 10,000
   * routes, tens of milliseconds before the code is optimised), so a build off the request path
   * goes a few hundred layers per turn of the event loop.
   *
   * @returns whether the index is now built over `stack`
   */
  buildStep(stack: L[], budget: number): boolean {
    let pending = this.#pending
    if (pending?.snapshot.isCurrent(stack) !== true) {
      const active = stack.length > this.#options.smallStack && this.#accepts(stack)
      pending = new PendingBuild(new StackSnapshot(stack, trackArray(stack), stack.length), active)
      this.#pending = pending
    }
    if (pending.active) {
      const patterns = pending.patterns
      const end = Math.min(stack.length, patterns.length + budget)
      fault('index-build')
      for (let i = patterns.length; i < end; i++) patterns.push(this.#read(stack[i] as L))
      if (patterns.length < stack.length) return false
    }
    this.#pending = null
    this.snapshot = pending.snapshot
    this.active = pending.active
    this.#index = pending.active ? buildRouteIndex(pending.patterns) : null
    this.narrows = this.#index !== null && this.#index.always.length !== stack.length
    for (const cache of this.#caches.values()) cache.clear()
    return true
  }

  /** Forces a rebuild on next use: the layers were rewritten in place (e.g. a router's new prefix). */
  invalidate(): void {
    this.snapshot = NEVER_BUILT
  }

  /**
   * Positions of the layers that may match `path`, ascending; only while {@link active}.
   * @example index.candidates('/users/7') // [0, 3, 9]
   */
  candidates(path: string): number[] {
    fault('route-index')
    return findCandidates(this.#index as RouteIndex, path)
  }

  /**
   * The cache of answers of one kind (`''` when the host has one kind), made on first use;
   * `null` when the cache is off. The same cache is returned after every rebuild.
   */
  cache(kind: string): RouteCache<V> | null {
    const bounds = this.#options.cache
    if (bounds === false) return null
    let cache = this.#caches.get(kind)
    if (cache === undefined) {
      cache = new RouteCache<V>(bounds.max, bounds.maxKeyLength)
      this.#caches.set(kind, cache)
    }
    return cache
  }

  /** The counters of every cache of this stack, summed. */
  cacheStats(): RouteCacheStats {
    const stats: RouteCacheStats = { hits: 0, misses: 0, evictions: 0, skipped: 0 }
    for (const cache of this.#caches.values()) {
      stats.hits += cache.stats.hits
      stats.misses += cache.stats.misses
      stats.evictions += cache.stats.evictions
      stats.skipped += cache.stats.skipped
    }
    return stats
  }
}

/** What a build under way has read so far. */
class PendingBuild {
  readonly snapshot: StackSnapshot
  readonly active: boolean
  readonly patterns: LayerPatterns[] = []

  constructor(snapshot: StackSnapshot, active: boolean) {
    this.snapshot = snapshot
    this.active = active
  }
}

function acceptAll(): boolean {
  return true
}

/**
 * An object that is `owner` in every respect but its `stack`: the host's own code, called with
 * it as `this`, walks `stack` instead of the whole array.
 * @example hostHandle.call(stackView(router, candidates), req, res, next)
 */
export function stackView<T extends object>(owner: T, stack: unknown[]): T {
  const view = Object.create(owner) as T & { stack: unknown[] }
  view.stack = stack
  return view
}
