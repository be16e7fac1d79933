import { resolveOptions, type PulyaOptions, type ResolvedOptions } from '../core/options.js'

/** The minimal Koa types pulya needs; `@types/koa` stays out of pulya's published types. */
export type KoaNext = () => Promise<unknown>
export type KoaMiddleware = (ctx: object, next: KoaNext) => Promise<unknown>

/** A Koa middleware carrying the options it was created with. */
export interface PulyaKoaMiddleware extends KoaMiddleware {
  readonly options: ResolvedOptions
}

/**
 * Creates the Koa middleware: `app.use(pulya())` as the app's first middleware, in Koa 2 or 3.
 *
 * It currently passes every request through unchanged (the foundation release);
 * the routing and response optimisations arrive behind this same call.
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
  const middleware = function pulya(_ctx: object, next: KoaNext): Promise<unknown> {
    return next()
  }
  return Object.assign(middleware, { options: resolved })
}
