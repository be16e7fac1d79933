/**
 * `pulya/koa`: the Koa-specific API.
 * @module
 */
export { pulya, pulya as default, warm } from './middleware.js'
export type { PulyaKoaMiddleware } from './middleware.js'
export type { KoaMiddleware, KoaNext } from './host-types.js'
export type { RoutingStats } from '../core/stats.js'
export type { KoaOptions, KoaOptions as PulyaOptions } from './options.js'
export type { CacheOptions } from '../core/options.js'
export { routeOf } from './routing/route-of.js'
export { Router, createRouterClass } from './routing/router.js'
export { PULYA_ERR_NO_KOA_ROUTER } from '../core/errors.js'
export type {
  PulyaRouter,
  PulyaRouterOptions,
  RouterClass,
  RouterMatch,
  RouterMiddleware,
  RouterParamMiddleware
} from './routing/router-types.js'
export type { MetricsOptions, UnderPressureOptions } from '../core/options.js'
export type { MetricsSnapshot, FinishMessage } from '../core/metrics/monitor.js'
export { FINISH_CHANNEL } from '../core/metrics/monitor.js'
