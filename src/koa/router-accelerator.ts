/**
 * A route cache behind an existing `@koa/router` instance.
 *
 * On every request `@koa/router` calls `router.match(path, method)`, which tests every layer's
 * RegExp in the stack. That answer depends only on the path, the method and the stack, so
 * pulya keeps it in a bounded LRU per router and method and hands out fresh copies of its
 * arrays (the router's dispatch stores and extends `ctx.matched`). The router's own `match`
 * computes every answer; pulya only remembers it, and forgets everything when the stack
 * changes (tracked array) or `router.prefix()` rewrites the layers' RegExps. On a miss the
 * router's `match` runs over the layers the core index lets through rather than the whole
 * stack (layer-pattern.ts reads each layer's path; unread layers are always let through).
 */
import { buildRouteIndex, findCandidates, type RouteIndex } from '../core/route-index.js'
import { RouteCache, type RouteCacheStats } from '../core/route-cache.js'
import { readKoaLayerPattern, type KoaLayerShape } from './layer-pattern.js'
import { arrayVersion, trackArray } from '../core/tracked-array.js'
import type { ResolvedOptions } from '../core/options.js'

/** The parts of an `@koa/router` layer pulya reads (its path for the index, its RegExp here). */
type KoaLayer = KoaLayerShape

/** What `router.match(path, method)` answers. */
export interface KoaMatch {
  path: unknown[]
  pathAndMethod: unknown[]
  route: boolean
}

type Match = (this: KoaRouter, path: string, method: string) => KoaMatch

/** The parts of an `@koa/router` instance pulya uses. */
export interface KoaRouter {
  stack: KoaLayer[]
  match: Match
  prefix?: (...args: unknown[]) => unknown
  [STATE]?: KoaRouterState
  /** Set on the prototype of pulya's own Router: its `match` caches already. */
  [OWN_CACHE]?: true
}

const STATE = Symbol('pulya.koaRouter')
/** Marks pulya's Router class, whose instances `app.use(pulya())` must not wrap again. */
export const OWN_CACHE = Symbol('pulya.koaRouterClass')

/** The cache state of one router. */
export class KoaRouterState {
  readonly original: Match
  readonly options: ResolvedOptions
  readonly caches = new Map<string, RouteCache<KoaMatch>>()
  /** Counters of caches dropped when the stack changed, so stats() keeps counting. */
  readonly retired: RouteCacheStats = { hits: 0, misses: 0, evictions: 0, skipped: 0 }
  stack: KoaLayer[] | null = null
  version = -1
  length = -1
  /** False when a layer's answer can change between calls (a `g`/`y` RegExp) or is unknown. */
  cacheable = false
  /** The segment index of the stack, narrowing a cache miss to the layers that may match. */
  index: RouteIndex | null = null

  constructor(original: Match, options: ResolvedOptions) {
    this.original = original
    this.options = options
  }

  reset(stack: KoaLayer[]): void {
    this.stack = stack
    this.version = trackArray(stack)
    this.length = stack.length
    this.cacheable = this.options.cache !== false && stack.length > this.options.smallStack && stack.every(isPure)
    this.index = this.cacheable ? buildRouteIndex(stack.map(readKoaLayerPattern)) : null
    this.forget()
  }

  forget(): void {
    for (const cache of this.caches.values()) addStats(this.retired, cache.stats)
    this.caches.clear()
  }
}

function addStats(into: RouteCacheStats, from: RouteCacheStats): void {
  into.hits += from.hits
  into.misses += from.misses
  into.evictions += from.evictions
  into.skipped += from.skipped
}

/** A layer whose `match` is @koa/router's `regexp.test` on a RegExp without state. */
function isPure(layer: KoaLayer): boolean {
  const regexp = layer.regexp
  return regexp instanceof RegExp && !regexp.global && !regexp.sticky && !Object.prototype.hasOwnProperty.call(layer, 'match')
}

/** The state of `router`, created on first use (non-enumerable: clones do not copy it). */
export function stateOf(router: KoaRouter, original: Match, options: ResolvedOptions): KoaRouterState {
  let state = router[STATE]
  if (state === undefined) {
    state = new KoaRouterState(original, options)
    Object.defineProperty(router, STATE, { configurable: true, enumerable: false, writable: false, value: state })
  }
  return state
}

/** The state of `router` if it has one (read per request: no allocation, no lookup of options). */
export function existingState(router: KoaRouter): KoaRouterState | undefined {
  return router[STATE]
}

/** Forgets every answer of `router` (its layers were rewritten, e.g. by `router.prefix()`). */
export function forgetAnswers(router: KoaRouter): void {
  const state = router[STATE]
  if (state !== undefined) state.stack = null
}

function acceleratedMatch(this: KoaRouter, path: string, method: string): KoaMatch {
  const state = this[STATE]
  // A copy made the way @koa/router clones routers (`Object.assign(Object.create(proto), router)`)
  // carries this `match` but not the state: it matches with its class's own, uncached.
  if (state === undefined) return (Object.getPrototypeOf(this) as KoaRouter).match.call(this, path, method)
  return cachedMatch(this, state, path, method)
}

/** `router.match(path, method)` answered from the cache of `state` (fresh arrays every time). */
export function cachedMatch(router: KoaRouter, state: KoaRouterState, path: string, method: string): KoaMatch {
  const stack = router.stack
  if (stack !== state.stack || arrayVersion(stack) !== state.version || stack.length !== state.length) state.reset(stack)
  if (!state.cacheable) return state.original.call(router, path, method)
  let cache = state.caches.get(method)
  if (cache === undefined) {
    const bounds = state.options.cache as { max: number; maxKeyLength: number }
    cache = new RouteCache<KoaMatch>(bounds.max, bounds.maxKeyLength)
    state.caches.set(method, cache)
  }
  let match = cache.get(path)
  if (match === undefined) {
    match = narrowedMatch(router, state, path, method)
    cache.set(path, match)
  }
  // Fresh arrays per request: the dispatch keeps `path` as ctx.matched and pushes onto it.
  return { path: match.path.slice(), pathAndMethod: match.pathAndMethod.slice(), route: match.route }
}

/**
 * The router's own `match`, run over the layers the index lets through (in stack order) instead
 * of the whole stack: a layer left out cannot match the path, so the answer is the same.
 */
function narrowedMatch(router: KoaRouter, state: KoaRouterState, path: string, method: string): KoaMatch {
  const index = state.index as RouteIndex
  const stack = router.stack
  const positions = findCandidates(index, path)
  if (positions.length === stack.length) return state.original.call(router, path, method)
  const candidates: KoaLayer[] = new Array<KoaLayer>(positions.length)
  for (let i = 0; i < positions.length; i++) candidates[i] = stack[positions[i] as number] as KoaLayer
  const view = Object.create(router) as KoaRouter
  view.stack = candidates
  return state.original.call(view, path, method)
}

/** Is `value` an `@koa/router` instance (what `router.routes()` carries as `.router`)? */
export function isKoaRouter(value: unknown): value is KoaRouter {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as Partial<Record<'stack' | 'match', unknown>>
  return Array.isArray(candidate.stack) && typeof candidate.match === 'function'
}

/**
 * Puts the route cache behind `router.match` (once per router).
 * @returns the cache counters of this router, read live
 */
export function accelerateKoaRouter(router: KoaRouter, options: ResolvedOptions): () => RouteCacheStats {
  // pulya's own Router caches in its `match` method already: only count it.
  if (router[OWN_CACHE] === true) return statsReader(stateOf(router, router.match, options))
  let state = router[STATE]
  if (state === undefined) {
    const created = stateOf(router, router.match, options)
    state = created
    router.match = acceleratedMatch
    const prefix = router.prefix
    if (typeof prefix === 'function') {
      // `router.prefix()` rewrites the RegExps of the layers already in the stack.
      router.prefix = function prefixAccelerated(this: KoaRouter, ...args: unknown[]): unknown {
        const result = prefix.apply(this, args)
        // Re-read the whole stack on the next match: every cached answer may be wrong now.
        created.stack = null
        return result
      }
    }
  }
  return statsReader(state)
}

/** The cache counters of one router, read live. */
export function statsReader(state: KoaRouterState): () => RouteCacheStats {
  return () => {
    const stats = { ...state.retired }
    for (const cache of state.caches.values()) addStats(stats, cache.stats)
    return stats
  }
}
