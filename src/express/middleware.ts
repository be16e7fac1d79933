import { NO_ROUTING_STATS, type RoutingStats } from '../core/stats.js'
import { resolveExpressOptions, type ExpressOptions, type ResolvedExpressOptions } from './options.js'
import { installOnApp, isExpressApp, mountOnApp, type ExpressApp } from './install/install.js'
import { installedContext } from './install/install-context.js'
import { warmNow } from './install/warm-up.js'
import { metricsSnapshot, type MetricsSnapshot, type MonitoredResponse } from '../core/metrics/monitor.js'
import { exposition, expositionRegistry } from '../core/metrics/prometheus.js'
import type { RegistryLike, ResolvedMetrics } from '../core/metrics/options.js'

/** The minimal Express types pulya needs; `@types/express` stays out of pulya's published types. */
export type ExpressNext = (err?: unknown) => void
export type ExpressMiddleware = (req: object, res: object, next: ExpressNext) => void

/** An Express middleware carrying the options it was created with. */
export interface PulyaExpressMiddleware extends ExpressMiddleware {
  readonly options: ResolvedExpressOptions
  /** Counters of the routers this middleware accelerates, summed (see {@link RoutingStats}). */
  stats(this: void): RoutingStats
  /**
   * The `metrics` snapshot: per route, in progress, shed, the counters and the process
   * (docs/monitoring.md#the-json-snapshot-metrics).
   */
  metrics(this: void): MetricsSnapshot
  /**
   * An Express handler serving a prom-client registry's exposition: `registry`, else the one
   * `metrics.register` names, else prom-client's global registry.
   * @throws Error (`PULYA_ERR_PROM_CLIENT`) when prom-client is needed and not installed
   */
  metricsHandler(this: void, registry?: RegistryLike): ExpressMiddleware
  /** Express's sub-app protocol: `app.use()` calls this with `'mount'` and the app. */
  emit(this: void, event: string, parent: unknown): boolean
  /** Express's sub-app protocol: `app.use()` looks for `handle` and `set`. */
  handle(this: void, req: object, res: object, next: ExpressNext): void
  set(this: void): void
}

/**
 * Creates the Express middleware: `app.use(pulya())` in Express 4 or 5 accelerates the
 * whole app, wherever it stands among the app's middlewares.
 *
 * `app.use` sees the middleware as a sub-app (it has `handle` and `set`), so Express hands
 * pulya the app at `app.use` time through the `mount` event. Pulya then takes its own layer
 * out of the stack again and puts its dispatch behind every router of the app
 * (MIGRATION.md#install). Used with `router.use(pulya())` instead, it installs on `req.app` at
 * the first request and passes every request on.
 *
 * @param options - see {@link ExpressOptions}; validated here, once
 * @example
 * import express from 'express'
 * import { pulya } from 'pulya/express'
 * const app = express()
 * app.use(pulya())
 */
export function pulya(options?: ExpressOptions): PulyaExpressMiddleware {
  const resolved = resolveExpressOptions(options)
  let app: ExpressApp | null = null
  const middleware = function pulya(req: object, res: object, next: ExpressNext): void {
    const host = (req as { app?: unknown }).app
    if (app === null && isExpressApp(host)) {
      app = host
      // The request that installs is under way: counted from here (its monitor wraps the next ones whole).
      installOnApp(host, resolved).monitor?.track(res as MonitoredResponse, undefined)
    }
    next()
  }
  return Object.assign(middleware, {
    options: resolved,
    stats(): RoutingStats {
      const context = app === null ? undefined : installedContext(app)
      return context === undefined ? { ...NO_ROUTING_STATS } : context.stats()
    },
    metrics(): MetricsSnapshot {
      const context = app === null ? undefined : installedContext(app)
      return context === undefined
        ? metricsSnapshot(null, () => ({ ...NO_ROUTING_STATS }))
        : metricsSnapshot(context.monitor, () => context.stats())
    },
    metricsHandler(registry?: RegistryLike): ExpressMiddleware {
      return expressMetricsHandler(resolved.metrics, registry)
    },
    emit(event: string, parent: unknown): boolean {
      if (event !== 'mount' || !isExpressApp(parent)) return false
      app = parent
      mountOnApp(parent, resolved)
      return true
    },
    handle(req: object, res: object, next: ExpressNext): void {
      middleware(req, res, next)
    },
    set(): void {
      // Only its presence matters: Express's `app.use` mounts a function with `handle` and `set`.
    }
  })
}

/**
 * The explicit form, for apps that prefer no middleware: accelerates `app` as
 * `app.use(pulya(options))` would.
 *
 * @example
 * import { accelerate } from 'pulya/express'
 * accelerate(app, { cache: { max: 5000 } })
 */
export function accelerate(app: unknown, options?: ExpressOptions): AcceleratedApp {
  if (!isExpressApp(app)) throw new TypeError('pulya: accelerate(app) expects an Express application')
  return accelerateResolved(app, resolveExpressOptions(options))
}

/** What an explicit install gives its caller: {@link accelerate}'s, and NestJS's adapter's. */
export type AcceleratedApp = Pick<PulyaExpressMiddleware, 'stats' | 'metrics' | 'metricsHandler'>

/** {@link accelerate} with options already resolved (validated where the caller takes them). */
export function accelerateResolved(app: ExpressApp, resolved: ResolvedExpressOptions): AcceleratedApp {
  const context = installOnApp(app, resolved)
  return {
    stats: () => context.stats(),
    metrics: () => metricsSnapshot(context.monitor, () => context.stats()),
    metricsHandler: (registry?: RegistryLike) => expressMetricsHandler(resolved.metrics, registry)
  }
}

/** Serves a registry's exposition; a failing collect goes to Express's error handling. */
export function expressMetricsHandler(
  metrics: ResolvedMetrics | false,
  given?: RegistryLike
): ExpressMiddleware {
  const registry = expositionRegistry(metrics, given)
  return function metricsHandler(_req: object, res: object, next: ExpressNext): void {
    exposition(registry).then((body) => {
      const out = res as {
        setHeader(name: string, value: string): void
        end(body: string | Uint8Array): void
      }
      out.setHeader('Content-Type', registry.contentType)
      out.end(body)
    }, next)
  }
}

/**
 * Builds the index of every router pulya accelerates in `app` now, rather than after their
 * first requests — for servers pulya does not see start (`http.createServer(app)` of your own,
 * serverless handlers, tests). `app.listen()` and `createServer(app)` do it already. An app
 * pulya is not installed on has nothing to build.
 *
 * @example
 * import { warm } from 'pulya/express'
 * warm(app)
 * http.createServer(app).listen(3000)
 */
export function warm(app: unknown): void {
  if (!isExpressApp(app)) throw new TypeError('pulya: warm(app) expects an Express application')
  warmNow(installedContext(app))
}
