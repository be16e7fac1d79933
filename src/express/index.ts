/**
 * `pulya/express`: the Express-specific API.
 * @module
 */
export { pulya, pulya as default, accelerate, warm } from './middleware.js'
export type { RoutingStats } from '../core/stats.js'
export { createServer } from './install/server-classes.js'
export { routeOf } from './routing/route-of.js'
export type { PulyaExpressMiddleware, ExpressMiddleware, ExpressNext } from './middleware.js'
export type { ExpressOptions, ExpressOptions as PulyaOptions } from './options.js'
export type { CacheOptions } from '../core/options.js'
export type { MetricsOptions, UnderPressureOptions } from '../core/options.js'
export type { MetricsSnapshot, FinishMessage } from '../core/metrics/monitor.js'
export { FINISH_CHANNEL } from '../core/metrics/monitor.js'
