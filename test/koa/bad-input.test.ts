/**
 * Koa: bad input gets the same answer as vanilla @koa/router, and caches stay bounded — floods of
 * unique URLs, long paths, percent garbage, prototype-named segments, unknown methods — with
 * `app.use(pulya())` and with pulya's Router.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import KoaRouter from '@koa/router'
import Koa from 'koa'
import { agent, send } from '../helpers/raw-http.js'
import { pulya, createRouterClass, type PulyaKoaMiddleware, type RouterClass } from '../../src/koa/index.js'

const CACHE = { max: 64, maxKeyLength: 256 }

const routers: object[] = []

function build(Router: RouterClass, first: PulyaKoaMiddleware | null): Koa {
  const app = new Koa()
  app.silent = true
  if (first !== null) app.use(first)
  // Typed as @koa/router, the cast MIGRATION.md gives TypeScript apps.
  const router = new (Router as unknown as typeof KoaRouter)({ pulya: { cache: CACHE } })
  routers.push(router)
  for (let i = 0; i < 40; i++) router.get(`/r${i}/:id`, (ctx) => { ctx.body = { i, id: ctx.params['id'] } })
  router.get('/files/*rest', (ctx) => { ctx.body = { rest: ctx.params['rest'] } })
  router.get('/:constructor/proto', (ctx) => { ctx.body = { p: ctx.params['constructor'] } })
  app.use(router.routes()).use(router.allowedMethods())
  return app
}

const Vanilla = KoaRouter as unknown as RouterClass
const Pulya = createRouterClass(Vanilla)
let servers: Server[] = []
let middleware: PulyaKoaMiddleware

beforeAll(async () => {
  middleware = pulya({ cache: CACHE })
  const apps = [build(Vanilla, null), build(Vanilla, middleware), build(Pulya, null)]
  servers = await Promise.all(apps.map(async (app) => {
    const handle = app.callback()
    const server = createServer({ maxHeaderSize: 1024 * 1024 }, (req, res) => { void handle(req, res) })
    await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve) })
    return server
  }))
})

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => { server.close(resolve) })))
  agent.destroy()
})

async function same(method: string, path: string): Promise<void> {
  const [vanilla, ...others] = await Promise.all(servers.map((server) => send(server, method, path)))
  for (const other of others) expect(other, `${method} ${path.slice(0, 80)}`).toEqual(vanilla)
}

describe('Koa: bad input answers as vanilla, memory stays bounded', () => {
  it('hostile and malformed paths, unknown methods', async () => {
    for (const path of ['/r1/%ZZ', '/r1/%E0%A4%A', '/r1/%00', '/r1/..%2F..%2Fetc', '/__proto__/proto', '/constructor/proto', '/R1/x', '/r1/x/', '//r1/x', '/files/a/%ZZ/b', `/r1/${'x'.repeat(100_000)}`, `/${'a/'.repeat(5000)}`, '/r1/x?%ZZ=1']) await same('GET', path)
    for (const method of ['PURGE', 'OPTIONS', 'DELETE', 'HEAD']) await same(method, '/r1/x')
  })

  it('a flood of unique URLs leaves every cache at its bound', async () => {
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(Array.from({ length: 100 }, (_, i) => same('GET', `/r39/u${batch}-${i}`)))
    }
    const stats = middleware.stats()
    expect(stats.misses).toBeGreaterThanOrEqual(2000)
    expect(stats.evictions).toBeGreaterThanOrEqual(2000 - CACHE.max)
    expect(stats.skipped).toBeGreaterThan(0)
    // pulya's Router (the third app) keeps its own counters: read them through app.use(pulya()).
    const reader = pulya()
    await reader({ app: { middleware: [(routers[2] as { routes(): unknown }).routes()] } }, () => Promise.resolve())
    const own = reader.stats()
    expect(own.misses).toBeGreaterThanOrEqual(2000)
    expect(own.evictions).toBeGreaterThanOrEqual(2000 - CACHE.max)
  })
})
