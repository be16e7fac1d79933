/**
 * `pulya/express`: the Express-specific API.
 * @module
 */
export { pulya, pulya as default, accelerate } from './middleware.js'
export type { RoutingStats } from './router-accelerator.js'
export { createServer } from './server.js'
export type { PulyaExpressMiddleware, ExpressMiddleware, ExpressNext } from './middleware.js'
export type { PulyaOptions, CacheOptions } from '../core/options.js'
