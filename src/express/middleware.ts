import { resolveOptions, type PulyaOptions, type ResolvedOptions } from '../core/options.js'

/** The minimal Express types pulya needs; `@types/express` stays out of pulya's published types. */
export type ExpressNext = (err?: unknown) => void
export type ExpressMiddleware = (req: object, res: object, next: ExpressNext) => void

/** An Express middleware carrying the options it was created with. */
export interface PulyaExpressMiddleware extends ExpressMiddleware {
  readonly options: ResolvedOptions
}

function passThrough(_req: object, _res: object, next: ExpressNext): void {
  next()
}

/**
 * Creates the Express middleware: `app.use(pulya())` in Express 4 or 5.
 *
 * It currently passes every request through unchanged (the foundation release);
 * the routing and response optimisations arrive behind this same call.
 *
 * @param options - see {@link PulyaOptions}; validated here, once
 * @example
 * import express from 'express'
 * import { pulya } from 'pulya/express'
 * const app = express()
 * app.use(pulya())
 */
export function pulya(options?: PulyaOptions): PulyaExpressMiddleware {
  const resolved = resolveOptions(options)
  const middleware = function pulya(req: object, res: object, next: ExpressNext): void {
    passThrough(req, res, next)
  }
  return Object.assign(middleware, { options: resolved })
}
