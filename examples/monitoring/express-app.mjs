/**
 * The Express half of the monitoring example: an API with nested routers, pulya with metrics
 * on, prom-client's default process metrics, and `/metrics` for Prometheus to scrape.
 * Run it with `npm run build && node examples/monitoring/express-app.mjs` (port: EXPRESS_PORT,
 * default 39101); `npm run example:monitoring` runs it under a real Prometheus.
 */
import express from 'express'
import { collectDefaultMetrics, register as globalRegistry } from 'prom-client'
import { pulya } from 'pulya/express'
import { isMain, portFrom, simulateIo } from './_work.mjs'

/**
 * Builds the app. `register` is the prom-client registry for pulya's and the default metrics
 * (default: prom-client's global registry, the one an existing `/metrics` endpoint serves).
 */
export function createApp({ register = globalRegistry } = {}) {
  collectDefaultMetrics({ register })
  const app = express()
  // Metrics on, in `register`; requests shed with a 503 if the event loop lags a second.
  const middleware = pulya({ metrics: { register }, underPressure: { maxEventLoopDelay: 1000 } })
  app.use(middleware)
  app.get('/metrics', middleware.metricsHandler())

  const users = express.Router()
  users.get('/', (_req, res) => {
    res.json([{ id: '1' }, { id: '2' }])
  })
  users.get('/:id', async (req, res) => {
    await simulateIo(1, 5)
    res.json({ id: req.params.id })
  })
  const orders = express.Router()
  orders.get('/:id', async (req, res) => {
    await simulateIo(5, 25)
    res.json({ id: req.params.id, status: 'shipped' })
  })
  orders.post('/', async (_req, res) => {
    await simulateIo(10, 40)
    res.status(201).json({ id: String(Math.floor(Math.random() * 1e6)) })
  })
  const api = express.Router()
  api.use('/users', users)
  api.use('/orders', orders)
  api.get('/reports/:year', async (req, res) => {
    await simulateIo(40, 160)
    res.json({ year: req.params.year, total: 42 })
  })
  api.get('/flaky', async (_req, res) => {
    await simulateIo(2, 10)
    // One request in five fails, as a dependency that times out now and then would.
    if (Math.random() < 0.2) throw new Error('upstream timed out')
    res.json({ ok: true })
  })
  app.use('/api/v1', api)
  app.get('/health', (_req, res) => {
    res.send('ok')
  })
  // Errors answer 500 without the stack trace Express's default handler would log for each one.
  // eslint-disable-next-line no-unused-vars -- Express tells error handlers by their four parameters
  app.use((err, _req, res, _next) => {
    res.status(500).json({ error: err.message })
  })
  return app
}

if (isMain(import.meta.url)) {
  const port = portFrom('EXPRESS_PORT', 39101)
  const server = createApp().listen(port, '127.0.0.1', () => {
    console.log(`express example on http://127.0.0.1:${server.address().port}`)
  })
}
