/**
 * `pulya`: one middleware for Express 4/5 and Koa 2/3. It tells the host apart by how it is
 * called and from then on behaves as the host's own adapter (`pulya/express`, `pulya/koa`).
 * @module
 */
import { emitPulyaWarning, PULYA_OPTION_IGNORED } from './core/errors.js'
import type { RoutingStats } from './core/stats.js'
import {
  resolveExpressOptions,
  EXPRESS_OPTION_NAMES,
  type ExpressOptions,
  type ResolvedExpressOptions
} from './express/options.js'
import {
  pulya as expressPulya,
  accelerate,
  warm as warmExpress,
  type ExpressNext,
  type PulyaExpressMiddleware
} from './express/middleware.js'
import { isExpressApp } from './express/install/install.js'
import {
  koaMiddleware,
  koaMetricsHandler,
  warm as warmKoa,
  type PulyaKoaMiddleware
} from './koa/middleware.js'
import type { KoaNext } from './koa/host-types.js'
import { readKoaRespondTexts } from './koa/responses/respond-mirror.js'
import { expressMetricsHandler } from './express/middleware.js'
import type { MetricsSnapshot } from './core/metrics/monitor.js'
import type { RegistryLike } from './core/metrics/options.js'
import { createServer } from './express/install/server-classes.js'
import { routeOf as expressRouteOf } from './express/routing/route-of.js'
import { routeOf as koaRouteOf } from './koa/routing/route-of.js'

/**
 * Options of the root `pulya()`: every option of every host. Those of one host only
 * (`serverClasses`, `responses`: Express) are ignored, with a warning, when Koa uses it.
 */
export type PulyaOptions = ExpressOptions

/** The options the root `pulya()` resolved. */
export type ResolvedOptions = ResolvedExpressOptions

/** A middleware usable with `app.use()` in Express and in Koa. */
export interface PulyaMiddleware extends Pick<PulyaExpressMiddleware, 'emit' | 'handle' | 'set'> {
  (req: object, res: object, next: ExpressNext): void
  (ctx: object, next: KoaNext): Promise<unknown>
  readonly options: ResolvedOptions
  /** Counters of the routers of whichever host this middleware serves. */
  stats(this: void): RoutingStats
  /** The `metrics` snapshot of whichever host this middleware serves (see the README). */
  metrics(this: void): MetricsSnapshot
  /**
   * A handler serving a prom-client registry's exposition, usable as an Express handler and as
   * a Koa middleware: `registry`, else the one `metrics.register` names, else prom-client's
   * global registry.
   * @throws Error (`PULYA_ERR_PROM_CLIENT`) when prom-client is needed and not installed
   */
  metricsHandler(this: void, registry?: RegistryLike): PulyaHandler
}

/** A handler usable with `app.use()`/`app.get()` in Express and in Koa. */
export interface PulyaHandler {
  (req: object, res: object, next: ExpressNext): void
  (ctx: object, next: KoaNext): Promise<unknown>
}

type Handler = (a: object, b: unknown, c?: ExpressNext) => unknown

/**
 * Creates pulya's middleware for whichever host uses it: `app.use(pulya())`.
 *
 * Express's `app.use` hands pulya the app at once (see `pulya/express`); Koa calls a
 * middleware with `(ctx, next)` and Express with `(req, res, next)`, which tells them apart.
 *
 * @param options - see {@link PulyaOptions}; validated here, once
 * @throws TypeError (`PULYA_ERR_INVALID_OPTION`) naming a bad option and its value
 * @example
 * import pulya from 'pulya'
 * app.use(pulya())
 */
export function pulya(options?: PulyaOptions): PulyaMiddleware {
  const resolved = resolveExpressOptions(options)
  const express = expressPulya(resolved)
  // What pulya reads of a loaded Koa's files is read now, at start-up, not on a Koa request.
  readKoaRespondTexts()
  // Koa's middleware is made on the first Koa request: an Express app never starts its monitor.
  let koa: PulyaKoaMiddleware | null = null
  let handler: Handler | null = null
  const middleware = function pulya(a: object, b: unknown, c?: ExpressNext): unknown {
    // Express passes `next` third; Koa passes exactly (ctx, next).
    handler ??=
      typeof c === 'function'
        ? (express as Handler)
        : koaHandler((koa = koaMiddleware(resolved)) as Handler, options)
    return handler(a, b, c)
  }
  return Object.assign(middleware, {
    options: resolved,
    stats: (): RoutingStats => (koa === null ? express.stats() : koa.stats()),
    metrics: (): MetricsSnapshot => (koa === null ? express.metrics() : koa.metrics()),
    metricsHandler(registry?: RegistryLike): PulyaHandler {
      const forExpress = expressMetricsHandler(resolved.metrics, registry)
      const forKoa = koaMetricsHandler(resolved.metrics, registry)
      return function metricsHandler(a: object, b: unknown, c?: ExpressNext): Promise<unknown> | undefined {
        if (typeof c !== 'function') return forKoa(a, b as KoaNext)
        forExpress(a, b as object, c)
        return undefined
      } as PulyaHandler
    },
    emit: express.emit,
    handle: express.handle,
    set: express.set
  }) as PulyaMiddleware
}

/** Koa's handler, once: says which of the options given do not apply to Koa. */
function koaHandler(koa: Handler, options: PulyaOptions | undefined): Handler {
  const ignored = EXPRESS_OPTION_NAMES.filter((name) => options?.[name] !== undefined)
  if (ignored.length > 0) {
    const one = ignored.length === 1
    emitPulyaWarning(
      PULYA_OPTION_IGNORED,
      `pulya: ${ignored.join(' and ')} ${one ? 'is an option' : 'are options'} of Express only; Koa ignores ${one ? 'it' : 'them'} (use pulya/koa to have ${one ? 'it' : 'them'} rejected)`
    )
  }
  return koa
}

/**
 * Builds the index of every router pulya accelerates in an Express or Koa app now, for servers
 * pulya does not see start (Koa's own `app.listen`, `http.createServer(app)` of your own, tests);
 * see `warm` in `pulya/express` and `pulya/koa`.
 *
 * @example
 * import pulya, { warm } from 'pulya'
 * app.use(pulya())
 * warm(app)
 */
export function warm(app: unknown): void {
  if (isExpressApp(app)) warmExpress(app)
  else warmKoa(app)
}

/** The explicit Express form: `pulya.express(app, options)`; see `accelerate` in `pulya/express`. */
pulya.express = accelerate

/** An `http.Server` for an Express app whose requests carry the app's prototypes; see `createServer` in `pulya/express`. */
pulya.createServer = createServer

/** Builds every router's index now; see {@link warm}. */
pulya.warm = warm

export default pulya

/**
 * The full template of the route that answered a request, with every mount prefix, in the
 * host's syntax (`/api/users/:id`): pass Express's `req` or Koa's `ctx`. `undefined` when no
 * route answered. Computed when asked; works with or without pulya installed.
 */
export function routeOf(reqOrCtx: object): string | undefined {
  // A Koa context has `request` and `response`; an Express request has neither.
  return 'request' in reqOrCtx && 'response' in reqOrCtx ? koaRouteOf(reqOrCtx) : expressRouteOf(reqOrCtx)
}
export { PULYA_ERR_INVALID_OPTION, PULYA_OPTION_IGNORED } from './core/errors.js'
export type { CacheOptions } from './core/options.js'
export type { RoutingStats } from './core/stats.js'
export type { MetricsOptions, UnderPressureOptions } from './core/options.js'
export type { MetricsSnapshot, FinishMessage } from './core/metrics/monitor.js'
export { FINISH_CHANNEL } from './core/metrics/monitor.js'
