/**
 * Koa's `pulya()`: on an app's first request it finds the app's routers and prepares its
 * responses; with metrics on, it admits each request. Every Koa test that serves an app runs it
 * (the differential tests, test/koa/warm.test.ts, test/metrics/).
 */
import type { ResolvedCoreOptions } from '../core/options.js'
import { sumRoutingStats, type RoutingStats } from '../core/stats.js'
import { resolveKoaOptions, type KoaOptions } from './options.js'
import { accelerateAppRouters, warmKoaApp } from './routing/app-routers.js'
import type { KoaRouterState } from './routing/cached-match.js'
import { DISCOVER_APP } from '../core/symbols.js'
import { prepareKoaResponse } from './responses/header-setters.js'
import { prepareKoaBody } from './responses/body-setter.js'
import { prepareKoaRespond, readKoaRespondTexts } from './responses/respond-mirror.js'
import {
  createMonitor,
  metricsSnapshot,
  type MetricsSnapshot,
  type MonitoredResponse
} from '../core/metrics/monitor.js'
import { exposition, expositionRegistry } from '../core/metrics/prometheus.js'
import type { RegistryLike, ResolvedMetrics } from '../core/metrics/options.js'
import { routeOf } from './routing/route-of.js'
import type { KoaAppLike, KoaContext, KoaMiddleware, KoaNext } from './host-types.js'

/** A Koa middleware carrying the options it was created with. */
export interface PulyaKoaMiddleware extends KoaMiddleware {
  readonly options: ResolvedCoreOptions
  /** Counters of the routers this middleware accelerates, summed (see {@link RoutingStats}). */
  stats(this: void): RoutingStats
  /**
   * The `metrics` snapshot: per route, in progress, shed, the counters and the process
   * (docs/monitoring.md#the-json-snapshot-metrics).
   */
  metrics(this: void): MetricsSnapshot
  /**
   * A Koa middleware serving a prom-client registry's exposition: `registry`, else the one
   * `metrics.register` names, else prom-client's global registry.
   * @throws Error (`PULYA_ERR_PROM_CLIENT`) when prom-client is needed and not installed
   */
  metricsHandler(this: void, registry?: RegistryLike): KoaMiddleware
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
  const resolved = resolveKoaOptions(options)
  // Now, at start-up: on a request, a file read is one more fs operation in its trace.
  readKoaRespondTexts()
  return koaMiddleware(resolved)
}

/** The middleware for options already resolved (the root `pulya()` resolves them itself). */
export function koaMiddleware(resolved: ResolvedCoreOptions): PulyaKoaMiddleware {
  const seen = new WeakSet()
  const routers: KoaRouterState[] = []
  const discover = (app: KoaAppLike): KoaRouterState[] => {
    seen.add(app)
    prepareKoaResponse(app)
    // respond first: it checks that `app.response` has no own `body`, which the body setter adds.
    prepareKoaRespond(app)
    prepareKoaBody(app)
    const found = accelerateAppRouters(app.middleware, resolved)
    routers.push(...found)
    return found
  }
  /** The routers of `ctx.app`, accelerated on its first request. */
  const discoverOnce = (ctx: object): void => {
    const app = (ctx as { app?: KoaAppLike }).app
    if (app !== undefined && !seen.has(app)) {
      // Found on a request: their indexes are built right after it, not by it (option `warm`).
      const discovered = discover(app)
      if (resolved.warm) for (const state of discovered) state.warm.schedule(0)
    }
  }
  const stats = (): RoutingStats => sumRoutingStats(routers)
  const monitor = createMonitor(resolved.metrics, resolved.underPressure, {
    routeOf: (_req, ctx) => routeOf(ctx as object),
    stats,
    contexts: true
  })
  const middleware =
    monitor === null
      ? function pulya(ctx: object, next: KoaNext): Promise<unknown> {
          discoverOnce(ctx)
          return next()
        }
      : function pulya(ctx: object, next: KoaNext): Promise<unknown> {
          discoverOnce(ctx)
          if (monitor.admit((ctx as { res: MonitoredResponse }).res, ctx)) return next()
          // Shed: the 503 is written; Koa must not answer again.
          const koa = ctx as KoaContext
          koa.respond = false
          return Promise.resolve()
        }
  return Object.assign(middleware, {
    options: resolved,
    stats,
    metrics: (): MetricsSnapshot => metricsSnapshot(monitor, stats),
    metricsHandler: (registry?: RegistryLike): KoaMiddleware => koaMetricsHandler(resolved.metrics, registry),
    [DISCOVER_APP]: (app: KoaAppLike): void => {
      if (!seen.has(app)) discover(app)
    }
  })
}

/** Serves a registry's exposition as the response body; a failing collect throws into Koa's error handling. */
export function koaMetricsHandler(metrics: ResolvedMetrics | false, given?: RegistryLike): KoaMiddleware {
  const registry = expositionRegistry(metrics, given)
  return async function metricsHandler(ctx: object): Promise<void> {
    const body = await exposition(registry)
    const koa = ctx as KoaContext
    koa.set('Content-Type', registry.contentType)
    koa.body = body
  }
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
  if (typeof app !== 'object' || app === null || !Array.isArray((app as { middleware?: unknown }).middleware))
    throw new TypeError('pulya: warm(app) expects a Koa application')
  readKoaRespondTexts()
  warmKoaApp(app)
}
