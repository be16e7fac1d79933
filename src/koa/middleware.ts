import { resolveOptions, type PulyaOptions, type ResolvedOptions } from '../core/options.js'
import type { RouteCacheStats } from '../core/route-cache.js'
import { accelerateKoaRouter, isKoaRouter } from './router-accelerator.js'

/** The minimal Koa types pulya needs; `@types/koa` stays out of pulya's published types. */
export type KoaNext = () => Promise<unknown>
export type KoaMiddleware = (ctx: object, next: KoaNext) => Promise<unknown>

/** Route cache counters of the `@koa/router` instances one middleware accelerates. */
export interface KoaRoutingStats extends RouteCacheStats {
  routers: number
}

/** A Koa middleware carrying the options it was created with. */
export interface PulyaKoaMiddleware extends KoaMiddleware {
  readonly options: ResolvedOptions
  /** Route cache counters, summed over the accelerated routers. */
  stats(this: void): KoaRoutingStats
}

interface KoaApp {
  middleware?: unknown
}

/**
 * Creates the Koa middleware: `app.use(pulya())` as the app's first middleware, in Koa 2 or 3.
 *
 * On its first request in an app it finds the app's `@koa/router` instances among the app's
 * middleware (`router.routes()` carries its router) and puts a bounded route cache behind
 * each one's `match`. Every request then goes on unchanged.
 *
 * @param options - see {@link PulyaOptions}; validated here, once
 * @example
 * import Koa from 'koa'
 * import { pulya } from 'pulya/koa'
 * const app = new Koa()
 * app.use(pulya())
 */
export function pulya(options?: PulyaOptions): PulyaKoaMiddleware {
  const resolved = resolveOptions(options)
  const seen = new WeakSet()
  const counters: Array<() => RouteCacheStats> = []
  const middleware = function pulya(ctx: object, next: KoaNext): Promise<unknown> {
    const app = (ctx as { app?: KoaApp }).app
    if (app !== undefined && !seen.has(app)) {
      seen.add(app)
      const stack = Array.isArray(app.middleware) ? (app.middleware as unknown[]) : []
      for (const fn of stack) {
        const router = (fn as { router?: unknown } | null)?.router
        if (isKoaRouter(router)) counters.push(accelerateKoaRouter(router, resolved))
      }
    }
    return next()
  }
  return Object.assign(middleware, {
    options: resolved,
    stats(): KoaRoutingStats {
      const stats: KoaRoutingStats = { routers: counters.length, hits: 0, misses: 0, evictions: 0, skipped: 0 }
      for (const read of counters) {
        const one = read()
        stats.hits += one.hits
        stats.misses += one.misses
        stats.evictions += one.evictions
        stats.skipped += one.skipped
      }
      return stats
    }
  })
}
