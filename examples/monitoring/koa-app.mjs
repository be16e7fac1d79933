/**
 * The Koa half of the monitoring example: an API with nested @koa/router routers and a prefix,
 * pulya as the first middleware with metrics on, prom-client's default process metrics, and
 * `/metrics` for Prometheus to scrape. Run it with `npm run build && node
 * examples/monitoring/koa-app.mjs` (port: KOA_PORT, default 39102).
 */
import Koa from 'koa'
import Router from '@koa/router'
import { collectDefaultMetrics, register as globalRegistry } from 'prom-client'
import { pulya } from 'pulya/koa'
import { isMain, portFrom, simulateIo } from './_work.mjs'

/**
 * Builds the app. `register` is the prom-client registry for pulya's and the default metrics
 * (default: prom-client's global registry).
 */
export function createApp({ register = globalRegistry } = {}) {
  collectDefaultMetrics({ register })
  const app = new Koa()
  // First, so that it sees every request: metrics on, in `register`; requests shed with a 503
  // if the event loop lags a second.
  const middleware = pulya({ metrics: { register }, underPressure: { maxEventLoopDelay: 1000 } })
  app.use(middleware)
  const exposition = middleware.metricsHandler()
  app.use((ctx, next) => (ctx.path === '/metrics' && ctx.method === 'GET' ? exposition(ctx, next) : next()))

  const api = new Router({ prefix: '/api/v1' })
  const catalog = new Router()
  catalog.get('/products', async (ctx) => {
    await simulateIo(2, 8)
    ctx.body = [{ sku: 'a' }, { sku: 'b' }]
  })
  catalog.get('/products/:sku', async (ctx) => {
    await simulateIo(3, 15)
    ctx.body = { sku: ctx.params.sku }
  })
  api.use('/catalog', catalog.routes(), catalog.allowedMethods())
  api.post('/carts/:id/items', async (ctx) => {
    await simulateIo(10, 30)
    ctx.status = 201
    ctx.body = { cart: ctx.params.id }
  })
  api.get('/search', async (ctx) => {
    await simulateIo(30, 120)
    ctx.body = { q: ctx.query.q ?? '', hits: [] }
  })
  api.get('/flaky', async (ctx) => {
    await simulateIo(2, 10)
    // One request in five fails, as a dependency that times out now and then would.
    if (Math.random() < 0.2) ctx.throw(502, 'upstream timed out')
    ctx.body = { ok: true }
  })
  const root = new Router()
  root.get('/health', (ctx) => {
    ctx.body = 'ok'
  })
  app.use(api.routes()).use(api.allowedMethods())
  app.use(root.routes()).use(root.allowedMethods())
  // 502s from ctx.throw are expected here; Koa would print each one to stderr.
  app.silent = true
  return app
}

if (isMain(import.meta.url)) {
  const port = portFrom('KOA_PORT', 39102)
  const server = createApp().listen(port, '127.0.0.1', () => {
    console.log(`koa example on http://127.0.0.1:${server.address().port}`)
  })
}
