/**
 * Koa: bad input gets the same answer as vanilla @koa/router, and caches stay bounded — floods of
 * unique URLs, long paths, percent garbage, prototype-named segments, unknown methods — with
 * `app.use(pulya())` and with pulya's Router.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import KoaRouter from '@koa/router'
import type Koa from 'koa'
import { pulya, createRouterClass, type PulyaKoaMiddleware, type RouterClass } from '../../src/koa/index.js'
import type { KoaClass } from '../helpers/hosts.js'
import {
  describeKoa,
  gets,
  requests,
  serveKoa,
  serveSides,
  sides,
  type ServedSides
} from '../helpers/differential.js'

const CACHE = { max: 64, maxKeyLength: 256 }

function build(Koa: KoaClass, Router: RouterClass, first: PulyaKoaMiddleware | null, routers: object[]): Koa {
  const app = new Koa()
  app.silent = true
  if (first !== null) app.use(first)
  // Typed as @koa/router, the cast MIGRATION.md gives TypeScript apps.
  const router = new (Router as unknown as typeof KoaRouter)({ pulya: { cache: CACHE } })
  routers.push(router)
  for (let i = 0; i < 40; i++)
    router.get(`/r${i}/:id`, (ctx) => {
      ctx.body = { i, id: ctx.params['id'] }
    })
  router.get('/files/*rest', (ctx) => {
    ctx.body = { rest: ctx.params['rest'] }
  })
  router.get('/:constructor/proto', (ctx) => {
    ctx.body = { p: ctx.params['constructor'] }
  })
  app.use(router.routes()).use(router.allowedMethods())
  return app
}

const Vanilla = KoaRouter as unknown as RouterClass
const Pulya = createRouterClass(Vanilla)

describeKoa('bad input answers as vanilla, memory stays bounded', ({ Koa }) => {
  const routers: object[] = []
  const middleware = pulya({ cache: CACHE })
  let served: ServedSides<Koa>

  beforeAll(async () => {
    served = await serveSides(
      sides(serveKoa, build(Koa, Vanilla, null, routers), {
        'app.use(pulya())': build(Koa, Vanilla, middleware, routers),
        'pulya Router': build(Koa, Pulya, null, routers)
      })
    )
  })
  afterAll(async () => {
    await served.close()
  })

  it('hostile and malformed paths, unknown methods', async () => {
    const report = await served.run([
      ...gets(
        '/r1/%ZZ',
        '/r1/%E0%A4%A',
        '/r1/%00',
        '/r1/..%2F..%2Fetc',
        '/__proto__/proto',
        '/constructor/proto',
        '/R1/x',
        '/r1/x/',
        '//r1/x',
        '/files/a/%ZZ/b',
        `/r1/${'x'.repeat(100_000)}`,
        `/${'a/'.repeat(5000)}`,
        '/r1/x?%ZZ=1'
      ),
      ...['PURGE', 'OPTIONS', 'DELETE', 'HEAD'].map((method) => ({ method, path: '/r1/x' }))
    ])
    expect(report.message).toBe('')
  })

  it('a flood of unique URLs leaves every cache at its bound', async () => {
    const flood = Array.from({ length: 20 }, (_, batch) =>
      requests('GET', ...Array.from({ length: 100 }, (_, i) => `/r39/u${batch}-${i}`))
    ).flat()
    expect((await served.run(flood, { concurrency: 100 })).message).toBe('')
    const stats = middleware.stats()
    expect(stats.misses).toBeGreaterThanOrEqual(2000)
    expect(stats.evictions).toBeGreaterThanOrEqual(2000 - CACHE.max)
    expect(stats.skipped).toBeGreaterThan(0)
    // pulya's Router (the third app) keeps its own counters: read them through app.use(pulya()).
    const reader = pulya()
    await reader({ app: { middleware: [(routers[2] as { routes(): unknown }).routes()] } }, () =>
      Promise.resolve()
    )
    const own = reader.stats()
    expect(own.misses).toBeGreaterThanOrEqual(2000)
    expect(own.evictions).toBeGreaterThanOrEqual(2000 - CACHE.max)
  })
})
