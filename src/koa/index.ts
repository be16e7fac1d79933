/**
 * `pulya/koa`: the Koa-specific API.
 * @module
 */
export { pulya, pulya as default } from './middleware.js'
export type { PulyaKoaMiddleware, KoaMiddleware, KoaNext, KoaRoutingStats } from './middleware.js'
export type { PulyaOptions, CacheOptions } from '../core/options.js'
