/**
 * `pulya/koa`: the Koa-specific API.
 * @module
 */
export { pulya, pulya as default } from './middleware.js'
export type { PulyaKoaMiddleware, KoaMiddleware, KoaNext, KoaRoutingStats } from './middleware.js'
export type { PulyaOptions, CacheOptions } from '../core/options.js'
export { Router, createRouterClass, PULYA_ERR_NO_KOA_ROUTER } from './router.js'
export type { PulyaRouter, PulyaRouterOptions, RouterClass, RouterMatch, RouterMiddleware, RouterParamMiddleware } from './router-types.js'
