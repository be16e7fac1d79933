/**
 * `pulya`: one middleware for Express 4/5 and Koa 2/3. It tells the host apart on its
 * first call and from then on behaves as the host's own adapter (`pulya/express`, `pulya/koa`).
 * @module
 */
import { resolveOptions, PULYA_ERR_INVALID_OPTION, type PulyaOptions, type ResolvedOptions } from './core/options.js'
import { pulya as expressPulya, type ExpressNext } from './express/middleware.js'
import { pulya as koaPulya, type KoaNext } from './koa/middleware.js'

/** A middleware usable with `app.use()` in Express and in Koa. */
export interface PulyaMiddleware {
  (req: object, res: object, next: ExpressNext): void
  (ctx: object, next: KoaNext): Promise<unknown>
  readonly options: ResolvedOptions
}

type Handler = (a: object, b: unknown, c?: ExpressNext) => unknown

/**
 * Creates pulya's middleware for whichever host calls it: `app.use(pulya())`.
 *
 * Express calls a middleware with `(req, res, next)`, Koa with `(ctx, next)`: the first
 * call decides, and later calls go straight to that host's adapter.
 *
 * @param options - see {@link PulyaOptions}; validated here, once
 * @throws TypeError (`PULYA_ERR_INVALID_OPTION`) naming a bad option and its value
 * @example
 * import pulya from 'pulya'
 * app.use(pulya())
 */
export function pulya(options?: PulyaOptions): PulyaMiddleware {
  const resolved = resolveOptions(options)
  const express = expressPulya(resolved) as Handler
  const koa = koaPulya(resolved) as Handler
  let handler: Handler | null = null
  const middleware = function pulya(a: object, b: unknown, c?: ExpressNext): unknown {
    // Express passes `next` third; Koa passes exactly (ctx, next).
    handler ??= typeof c === 'function' ? express : koa
    return handler(a, b, c)
  }
  return Object.assign(middleware, { options: resolved }) as PulyaMiddleware
}

export default pulya
export { PULYA_ERR_INVALID_OPTION }
export type { PulyaOptions, CacheOptions, ResolvedOptions } from './core/options.js'
