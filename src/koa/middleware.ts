import type { ResolvedCoreOptions } from '../core/options.js'
import { sumRoutingStats, type RoutingStats } from '../core/stats.js'
import { resolveKoaOptions, type KoaOptions } from './options.js'
import { accelerateAppRouters, DISCOVER, warmKoaApp } from './app-routers.js'
import { scheduleWarm, type MatchCache } from './match-cache.js'
import { prepareKoaResponse } from './response-fast.js'

/** The minimal Koa types pulya needs; `@types/koa` stays out of pulya's published types. */
export type KoaNext = () => Promise<unknown>
export type KoaMiddleware = (ctx: object, next: KoaNext) => Promise<unknown>

/** A Koa middleware carrying the options it was created with. */
export interface PulyaKoaMiddleware extends KoaMiddleware {
  readonly options: ResolvedCoreOptions
  /** Counters of the routers this middleware accelerates, summed (see {@link RoutingStats}). */
  stats(this: void): RoutingStats
}

/**
 * Creates the Koa middleware: `app.use(pulya())` as the app's first middleware, in Koa 2 or 3.
 *
 * On its first request in an app it finds the app's `@koa/router` instances among the app's
 * middleware (`router.routes()` carries its router) and puts a bounded route cache behind
 * each one's `match`. Every request then goes on unchanged.
 *
 * @param options - see {@link KoaOptions}; validated here, once
 * @example
 * import Koa from 'koa'
 * import { pulya } from 'pulya/koa'
 * const app = new Koa()
 * app.use(pulya())
 */
export function pulya(options?: KoaOptions): PulyaKoaMiddleware {
  return koaMiddleware(resolveKoaOptions(options))
}

/** The middleware for options already resolved (the root `pulya()` resolves them itself). */
export function koaMiddleware(resolved: ResolvedCoreOptions): PulyaKoaMiddleware {
  const seen = new WeakSet()
  const routers: MatchCache[] = []
  const discover = (app: { middleware?: unknown, response?: unknown }): MatchCache[] => {
    seen.add(app)
    prepareKoaResponse(app)
    const found = accelerateAppRouters(app.middleware, resolved)
    routers.push(...found)
    return found
  }
  const middleware = function pulya(ctx: object, next: KoaNext): Promise<unknown> {
    const app = (ctx as { app?: { middleware?: unknown } }).app
    if (app !== undefined && !seen.has(app)) {
      // Found on a request: their indexes are built right after it, not by it (option `warm`).
      const found = discover(app)
      if (resolved.warm) for (const state of found) scheduleWarm(state)
    }
    return next()
  }
  return Object.assign(middleware, {
    options: resolved,
    stats: (): RoutingStats => sumRoutingStats(routers),
    [DISCOVER]: (app: { middleware?: unknown }): void => {
      if (!seen.has(app)) discover(app)
    }
  })
}

/**
 * Builds the index of every router pulya accelerates in a Koa app now, rather than right after
 * their first request: call it before `app.listen()` (pulya does not see Koa's own `listen`).
 *
 * @example
 * import { warm } from 'pulya/koa'
 * warm(app)
 * app.listen(3000)
 */
export function warm(app: unknown): void {
  if (typeof app !== 'object' || app === null || !Array.isArray((app as { middleware?: unknown }).middleware)) throw new TypeError('pulya: warm(app) expects a Koa application')
  warmKoaApp(app)
}
