/**
 * A route cache behind `@koa/router`'s `router.match(path, method)`.
 *
 * On every request `@koa/router` calls `router.match(path, method)`, which tests every layer's
 * RegExp in the stack. That answer depends only on the path, the method and the stack, so
 * pulya keeps it in a bounded LRU per router and method (the router's core `StackIndex`) and
 * hands out fresh copies of its arrays (the router's dispatch stores and extends
 * `ctx.matched`). The router's own `match` computes every answer; pulya only remembers it, and
 * forgets everything when the stack changes (tracked array) or `router.prefix()` rewrites the
 * layers' RegExps. On a miss the router's `match` runs over the layers the index lets through
 * rather than the whole stack (layer-pattern.ts reads each layer's path; unread layers are
 * always let through).
 *
 * Used by both ways pulya reaches a router: the instances `app.use(pulya())` finds
 * (`app-routers.ts`) and pulya's own Router class (`router.ts`), whose differential tests
 * (test/koa/routing/app-routers.test.ts, router.test.ts) are this module's.
 */
import { stackView } from '../../core/stack-index.js'
import type { RouteCache } from '../../core/route-cache.js'
import { WarmQueue } from '../../core/warm.js'
import type { ResolvedCoreOptions } from '../../core/options.js'
import { RouterState } from '../../core/router-state.js'
import { ROUTER_STATE as STATE } from '../../core/symbols.js'
import { readKoaLayerPattern, type KoaLayerShape } from './layer-pattern.js'
import { fellBack } from '../../core/fallbacks.js'

/** What `router.match(path, method)` answers. */
export interface KoaMatch {
  path: unknown[]
  pathAndMethod: unknown[]
  route: boolean
}

/** `@koa/router`'s `match`. */
export type Match = (this: KoaRouter, path: string, method: string) => KoaMatch

/** The parts of an `@koa/router` instance pulya uses. */
export interface KoaRouter {
  stack: KoaLayerShape[]
  match: Match
  prefix?: (path: unknown) => unknown
  [STATE]?: KoaRouterState
}

/** A layer whose `match` is @koa/router's `regexp.test` on a RegExp without state. */
function isPure(layer: KoaLayerShape): boolean {
  const regexp = layer.regexp
  return (
    regexp instanceof RegExp &&
    !regexp.global &&
    !regexp.sticky &&
    !Object.prototype.hasOwnProperty.call(layer, 'match')
  )
}

/**
 * One `@koa/router` instance's state: core's per-router state (its index keeps one cache per
 * method) and the router's own `match`. Each router has its own warm-up.
 */
export class KoaRouterState extends RouterState<KoaLayerShape, KoaMatch> {
  declare readonly router: KoaRouter
  /** The router's own `match`, which computes every answer. */
  readonly original: Match

  constructor(router: KoaRouter, original: Match, options: ResolvedCoreOptions) {
    // Answers are cached only when every layer's answer depends on the path alone.
    const cacheable = options.cache !== false
    super(router, readKoaLayerPattern, options, new WarmQueue(), (stack) => cacheable && stack.every(isPure))
    this.original = original
  }

  protected built(): void {
    // Nothing follows a build: a Koa router's nested routers are layers of its own stack.
  }
}

/** Gives `router` its cache (non-enumerable: clones do not copy it); callers check {@link koaRouterStateOf} first. */
export function createKoaRouterState(
  router: KoaRouter,
  original: Match,
  options: ResolvedCoreOptions
): KoaRouterState {
  const state = new KoaRouterState(router, original, options)
  Object.defineProperty(router, STATE, {
    configurable: true,
    enumerable: false,
    writable: false,
    value: state
  })
  return state
}

/** The cache of `router` if it has one (read per request: no allocation, no options lookup). */
export function koaRouterStateOf(router: KoaRouter): KoaRouterState | undefined {
  return router[STATE]
}

/**
 * `router.prefix` that also forgets every cached answer of the router it is called on: a new
 * prefix rewrites the RegExps of the layers already in the stack.
 */
export function forgettingPrefix(
  base: (this: unknown, path: unknown) => unknown
): (this: KoaRouter, path: unknown) => unknown {
  // Named and shaped as @koa/router's own method (one parameter): callers may read either.
  return function prefix(this: KoaRouter, path: unknown): unknown {
    const result = base.call(this, path)
    this[STATE]?.index.invalidate()
    return result
  }
}

/**
 * `router.match(path, method)` answered from the cache of `state` (fresh arrays every time).
 * Pulya's part is one guarded call: when it throws, the router's own `match` answers.
 */
export function cachedMatch(
  router: KoaRouter,
  state: KoaRouterState,
  path: string,
  method: string
): KoaMatch {
  let match: KoaMatch | null
  try {
    match = lookup(router, state, path, method)
  } catch (error) {
    fellBack('koa-match', error)
    match = null
  }
  if (match === null) return state.original.call(router, path, method)
  const verifier = state.verifier
  if (verifier !== null && verifier.sample()) {
    const own = state.original.call(router, path, method)
    if (!verifier.record(sameMatch(own, match))) {
      verifier.warnOnce(
        `${method} ${path}`,
        `pulya: the route cache answered ${method} ${JSON.stringify(path)} differently from @koa/router's own match. The request was served by @koa/router's own matching.`
      )
      return own
    }
  }
  // Fresh arrays per request: the dispatch keeps `path` as ctx.matched and pushes onto it.
  return { path: match.path.slice(), pathAndMethod: match.pathAndMethod.slice(), route: match.route }
}

/** The answer from the index and the cache; `null` where the router's own `match` is to answer. */
function lookup(router: KoaRouter, state: KoaRouterState, path: string, method: string): KoaMatch | null {
  const stack = router.stack
  const index = state.index
  if (index.isStale(stack)) {
    // No index yet, and none to be built on a request: the router's own match answers this one.
    if (state.cold) {
      state.warm.schedule(0)
      return null
    }
    state.rebuild(stack)
  }
  if (!index.active) return null
  const cache = index.cache(method) as RouteCache<KoaMatch>
  let match = cache.get(path)
  if (match === undefined) {
    match = narrowedMatch(router, state, path, method)
    cache.set(path, match)
  }
  return match
}

/**
 * The router's own `match`, run over the layers the index lets through (in stack order) instead
 * of the whole stack: a layer left out cannot match the path, so the answer is the same.
 */
function narrowedMatch(router: KoaRouter, state: KoaRouterState, path: string, method: string): KoaMatch {
  const stack = router.stack
  const positions = state.index.candidates(path)
  if (positions.length === stack.length) return state.original.call(router, path, method)
  const candidates: KoaLayerShape[] = new Array<KoaLayerShape>(positions.length)
  for (let i = 0; i < positions.length; i++) candidates[i] = stack[positions[i] as number] as KoaLayerShape
  return state.original.call(stackView(router, candidates), path, method)
}

/** Same layers in the same order, and the same `route` flag. */
function sameMatch(a: KoaMatch, b: KoaMatch): boolean {
  return a.route === b.route && sameItems(a.path, b.path) && sameItems(a.pathAndMethod, b.pathAndMethod)
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i])
}
