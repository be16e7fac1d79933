/**
 * The `@koa/router` instances of a Koa app, as `app.use(pulya())` finds them: among the app's
 * middleware (`router.routes()` carries its router as `.router`), each given the route cache
 * of `cached-match.ts` behind its own `match` and `prefix`.
 */
import type { ResolvedCoreOptions } from '../../core/options.js'
import {
  cachedMatch,
  koaRouterStateOf,
  forgettingPrefix,
  createKoaRouterState,
  type KoaMatch,
  type KoaRouter,
  type KoaRouterState
} from './cached-match.js'
import { DISCOVER_APP, OWN_ROUTER_STATE } from '../../core/symbols.js'
import type { KoaAppLike } from '../host-types.js'

/**
 * What pulya's Router class keeps on its prototype under `OWN_ROUTER_STATE` (its `match`
 * caches already): the function giving an instance's state, made with the class's options, so
 * `app.use(pulya())` only counts it.
 */
export type OwnKoaRouterState = (router: object) => KoaRouterState

/** What pulya's Koa middleware keeps under `DISCOVER_APP`: finds and accelerates an app's routers (once per app). */
export type Discover = (app: KoaAppLike) => void

/** Is `value` an `@koa/router` instance (what `router.routes()` carries as `.router`)? */
function isKoaRouter(value: unknown): value is KoaRouter {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as Partial<Record<'stack' | 'match', unknown>>
  return Array.isArray(candidate.stack) && typeof candidate.match === 'function'
}

function acceleratedMatch(this: KoaRouter, path: string, method: string): KoaMatch {
  const state = koaRouterStateOf(this)
  // A copy made the way @koa/router clones routers (`Object.assign(Object.create(proto), router)`)
  // carries this `match` but not the state: it matches with its class's own, uncached.
  if (state === undefined) return (Object.getPrototypeOf(this) as KoaRouter).match.call(this, path, method)
  return cachedMatch(this, state, path, method)
}

/**
 * Puts the route cache behind `router.match` (once per router); pulya's own Router caches in
 * its class's `match` already and is only counted.
 * @returns the router's cache, for its counters
 */
function accelerateKoaRouter(router: KoaRouter, options: ResolvedCoreOptions): KoaRouterState {
  const own = (router as { [OWN_ROUTER_STATE]?: OwnKoaRouterState })[OWN_ROUTER_STATE]
  if (own !== undefined) return own(router)
  const existing = koaRouterStateOf(router)
  if (existing !== undefined) return existing
  const state = createKoaRouterState(router, router.match, options)
  router.match = acceleratedMatch
  const prefix = router.prefix
  if (typeof prefix === 'function') router.prefix = forgettingPrefix(prefix)
  return state
}

/** The routers among `middleware` (a Koa app's `app.middleware`), each accelerated. */
export function accelerateAppRouters(middleware: unknown, options: ResolvedCoreOptions): KoaRouterState[] {
  const found: KoaRouterState[] = []
  for (const fn of Array.isArray(middleware) ? (middleware as unknown[]) : []) {
    const router = (fn as { router?: unknown } | null)?.router
    if (isKoaRouter(router)) found.push(accelerateKoaRouter(router, options))
  }
  return found
}

/** The cache of `router` if pulya has given it one (pulya's Router always has one). */
function cacheOfRouter(router: KoaRouter): KoaRouterState | undefined {
  const own = (router as { [OWN_ROUTER_STATE]?: OwnKoaRouterState })[OWN_ROUTER_STATE]
  return own === undefined ? koaRouterStateOf(router) : own(router)
}

/**
 * Builds the index of every router pulya accelerates in a Koa app: the routers each
 * `app.use(pulya())` of the app finds, and pulya's Routers.
 */
export function warmKoaApp(app: KoaAppLike): void {
  const middleware = Array.isArray(app.middleware) ? (app.middleware as unknown[]) : []
  for (const fn of middleware) {
    const discover: unknown = (fn as { [DISCOVER_APP]?: unknown } | null | undefined)?.[DISCOVER_APP]
    if (typeof discover === 'function') (discover as Discover)(app)
  }
  for (const fn of middleware) {
    const router = (fn as { router?: unknown } | null)?.router
    const state = isKoaRouter(router) ? cacheOfRouter(router) : undefined
    if (state !== undefined) state.warm.buildAll()
  }
}
