/**
 * `metricsHandler()` and `metrics()` at the edges: a registry whose collection fails goes to
 * the host's own error handling, `accelerate()` offers what the middleware offers, and a
 * middleware not installed yet reports an empty snapshot.
 */
import type { Server } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { Registry } from 'prom-client'
import { accelerate, pulya as expressPulya } from '../../src/express/index.js'
import { pulya as koaPulya } from '../../src/koa/index.js'
import { pulya as rootPulya } from '../../src/index.js'
import { EXPRESS_HOSTS, KOA_HOSTS } from '../helpers/hosts.js'
import { send } from '../helpers/raw-http.js'
import { eventually } from '../helpers/eventually.js'

/** A registry whose collection fails, as one with a throwing `collect()` does. */
const failing = {
  registerMetric: () => {},
  metrics: () => Promise.reject(new Error('collect failed')),
  contentType: 'text/plain'
}

const servers: Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0))
    await new Promise((resolve) => {
      server.close(resolve)
    })
})

async function serve(server: Server): Promise<Server> {
  servers.push(server)
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve))
  return server
}

describe.each(EXPRESS_HOSTS)('$name', ({ express }) => {
  it("a failing collection goes to Express's error handling (500), through pulya/express and the root pulya", async () => {
    for (const handler of [expressPulya().metricsHandler(failing), rootPulya().metricsHandler(failing)]) {
      const app = express()
      app.set('env', 'test')
      app.get('/metrics', handler as never)
      const server = await serve(app.listen(0, '127.0.0.1'))
      expect((await send(server, 'GET', '/metrics')).status).toBe(500)
    }
  })

  it('accelerate(app) offers stats(), metrics() and metricsHandler() as the middleware does', async () => {
    const register = new Registry()
    const app = express()
    const installed = accelerate(app, { metrics: { register } })
    app.get('/users/:id', (_req, res) => {
      res.send('u')
    })
    app.get('/metrics', installed.metricsHandler() as never)
    const server = await serve(app.listen(0, '127.0.0.1'))
    await send(server, 'GET', '/users/1')
    await eventually(() => installed.metrics().routes['/users/:id'] !== undefined)
    expect(installed.metrics().routes['/users/:id']?.count).toBe(1)
    expect(installed.metrics().cache).toEqual(installed.stats())
    expect((await send(server, 'GET', '/metrics')).body).toContain('route="/users/:id"')
  })

  it('a middleware no app has installed yet, or an install with metrics off, reports an empty snapshot', () => {
    const middleware = expressPulya({ metrics: { register: false } })
    expect(middleware.metrics()).toEqual({
      routes: {},
      active: 0,
      shed: 0,
      cache: middleware.stats(),
      process: null
    })
    const installed = accelerate(express())
    expect(installed.metrics()).toEqual({
      routes: {},
      active: 0,
      shed: 0,
      cache: installed.stats(),
      process: null
    })
  })
})

describe.each(KOA_HOSTS)('$name', ({ Koa }) => {
  it("a failing collection goes to Koa's error handling (500), through pulya/koa and the root pulya", async () => {
    for (const handler of [koaPulya().metricsHandler(failing), rootPulya().metricsHandler(failing)]) {
      const app = new Koa()
      app.silent = true
      app.use(handler as never)
      const server = await serve(app.listen(0, '127.0.0.1'))
      expect((await send(server, 'GET', '/metrics')).status).toBe(500)
    }
  })

  it("the root pulya() reports Koa's metrics once Koa has used it", async () => {
    const middleware = rootPulya({ metrics: { register: false } })
    const app = new Koa()
    app.use(middleware as never)
    app.use((ctx) => {
      ctx.body = 'ok'
    })
    const server = await serve(app.listen(0, '127.0.0.1'))
    expect(middleware.metrics().process).toBeNull()
    await send(server, 'GET', '/')
    await eventually(() => middleware.metrics().routes['__unknown__'] !== undefined)
    expect(middleware.metrics().routes['__unknown__']?.statuses).toEqual({ 200: 1 })
    expect(middleware.metrics().process).not.toBeNull()
  })
})
