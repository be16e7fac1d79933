/**
 * `pulya/express`: the Express-specific API.
 * @module
 */
export { pulya, pulya as default } from './middleware.js'
export type { PulyaExpressMiddleware, ExpressMiddleware, ExpressNext } from './middleware.js'
export type { PulyaOptions, CacheOptions } from '../core/options.js'
