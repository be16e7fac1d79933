/**
 * `pulya`: one middleware for Express 4/5 and Koa 2/3. It tells the host apart by how it is
 * called and from then on behaves as the host's own adapter (`pulya/express`, `pulya/koa`).
 * @module
 */
import { resolveOptions, PULYA_ERR_INVALID_OPTION, type PulyaOptions, type ResolvedOptions } from './core/options.js'
import { pulya as expressPulya, accelerate, type ExpressNext, type PulyaExpressMiddleware } from './express/middleware.js'
import { pulya as koaPulya, type KoaNext } from './koa/middleware.js'
import { createServer } from './express/server.js'

/** A middleware usable with `app.use()` in Express and in Koa. */
export interface PulyaMiddleware extends Pick<PulyaExpressMiddleware, 'stats' | 'emit' | 'handle' | 'set'> {
  (req: object, res: object, next: ExpressNext): void
  (ctx: object, next: KoaNext): Promise<unknown>
  readonly options: ResolvedOptions
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
  const resolved = resolveOptions(options)
  const express = expressPulya(resolved)
  const koaMiddleware = koaPulya(resolved)
  const koa = koaMiddleware as Handler
  let handler: Handler | null = null
  const middleware = function pulya(a: object, b: unknown, c?: ExpressNext): unknown {
    // Express passes `next` third; Koa passes exactly (ctx, next).
    handler ??= typeof c === 'function' ? (express as Handler) : koa
    return handler(a, b, c)
  }
  return Object.assign(middleware, {
    options: resolved,
    // Counters of whichever host this middleware serves.
    stats: () => (handler === koa ? { ...koaMiddleware.stats(), verified: 0, mismatches: 0 } : express.stats()),
    emit: express.emit,
    handle: express.handle,
    set: express.set
  }) as PulyaMiddleware
}

/** The explicit Express form: `pulya.express(app, options)`; see `accelerate` in `pulya/express`. */
pulya.express = accelerate

/** An `http.Server` for an Express app whose requests carry the app's prototypes; see `createServer` in `pulya/express`. */
pulya.createServer = createServer

export default pulya
export { PULYA_ERR_INVALID_OPTION }
export type { PulyaOptions, CacheOptions, ResolvedOptions } from './core/options.js'
export type { RoutingStats } from './express/router-accelerator.js'
