/**
 * `pulya/nest`: pulya for NestJS apps on Express (docs/nest.md).
 *
 * @example
 * import { NestFactory } from '@nestjs/core'
 * import { PulyaExpressAdapter } from 'pulya/nest'
 * const app = await NestFactory.create(AppModule, new PulyaExpressAdapter())
 * await app.listen(3000)
 * @module
 */
import { ExpressAdapter } from '@nestjs/platform-express'
import { pulyaAdapterClass } from './adapter.js'

/**
 * A drop-in for `@nestjs/platform-express`'s `ExpressAdapter`, with pulya installed: the same
 * constructor (an optional Express app) plus pulya's options, and every `ExpressAdapter`
 * behaviour (`httpsOptions`, `forceCloseConnections`, `close()`, `rawBody`, `bodyParser: false`,
 * CORS, static assets, views, versioning, `getInstance()`) as the installed Nest has it. It adds
 * `stats()`, `metrics()` and `metricsHandler()`.
 *
 * @example
 * const adapter = new PulyaExpressAdapter({ metrics: true })
 * const app = await NestFactory.create(AppModule, adapter)
 * adapter.getInstance().get('/metrics', adapter.metricsHandler())
 * await app.listen(3000)
 */
export const PulyaExpressAdapter = pulyaAdapterClass(ExpressAdapter)

/** An instance of {@link PulyaExpressAdapter}. */
export type PulyaExpressAdapter = InstanceType<typeof PulyaExpressAdapter>

export { pulyaAdapterClass } from './adapter.js'
export type {
  ExpressAdapterClass,
  ExpressAdapterLike,
  PulyaAdapterClass,
  PulyaAdapterMembers
} from './adapter.js'
export { routeOf } from '../express/routing/route-of.js'
export type { ExpressOptions, ExpressOptions as PulyaOptions } from '../express/options.js'
export type { RoutingStats } from '../core/stats.js'
export type { CacheOptions, MetricsOptions, UnderPressureOptions } from '../core/options.js'
export type { MetricsSnapshot, FinishMessage } from '../core/metrics/monitor.js'
export { FINISH_CHANNEL } from '../core/metrics/monitor.js'
