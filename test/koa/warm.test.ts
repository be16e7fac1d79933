/**
 * Warm-up in Koa: pulya does not see Koa's `listen`, so `warm(app)` builds the indexes before the
 * first request; without it, the routers found on the first request are built right after it
 * and serve it with @koa/router's own match. Answers are vanilla's either way.
 */
import { describe, expect, it } from 'vitest'
import request from 'supertest'
import Router from '@koa/router'
import type Koa from 'koa'
import { pulya, warm, Router as PulyaRouter } from '../../src/koa/index.js'
import { warm as warmAny } from '../../src/index.js'
import { KOA_HOSTS } from '../helpers/hosts.js'

function table(
  router: {
    get: (path: string, fn: (ctx: { body: unknown; params: Record<string, string> }) => void) => unknown
  },
  prefix: string
): void {
  for (let i = 0; i < 10; i++)
    router.get(`${prefix}${i}/:id`, (ctx) => {
      ctx.body = `${prefix}${i} ${String(ctx.params['id'])}`
    })
}

/**
 * Time for a background build to finish: it goes a slice per turn of the event loop, and the
 * loop turns freely while the test waits.
 */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 100))

describe.each(KOA_HOSTS)('$name warm-up', ({ Koa }) => {
  /** A Koa app with `pulya()` first and one @koa/router of ten routes. */
  function build(): { app: Koa; middleware: ReturnType<typeof pulya> } {
    const middleware = pulya()
    const app = new Koa()
    app.use(middleware)
    const router = new Router()
    table(router, '/r')
    app.use(router.routes())
    return { app, middleware }
  }

  it.each([
    ['pulya/koa', warm],
    ['pulya', warmAny]
  ])(
    'warm(app) from %s finds and builds the routers: the first requests are cache misses',
    async (_entry, warmIt) => {
      const { app, middleware } = build()
      warmIt(app)
      expect(middleware.stats().routers).toBe(1)
      await request(app.callback()).get('/r1/a').expect(200, '/r1 a')
      expect(middleware.stats()).toMatchObject({ misses: 1, hits: 0 })
      warmIt(app)
      expect(middleware.stats().routers).toBe(1)
    }
  )

  it("without warm(app), the first requests are @koa/router's own and the index is built right after", async () => {
    const { app, middleware } = build()
    const server = app.callback()
    await Promise.all([
      request(server).get('/r1/a').expect(200, '/r1 a'),
      request(server).get('/r2/a').expect(200, '/r2 a')
    ])
    expect(middleware.stats()).toMatchObject({ routers: 1, misses: 0 })
    await settle()
    await request(server).get('/r1/a').expect(200, '/r1 a')
    expect(middleware.stats()).toMatchObject({ misses: 1 })
    const eager = pulya({ warm: false })
    const app2 = new Koa()
    app2.use(eager)
    const first = new Router()
    table(first, '/f')
    app2.use(first.routes())
    const other = new Router()
    table(other, '/o')
    app2.use(other.routes())
    await request(app2.callback()).get('/o1/a').expect(200, '/o1 a')
    // Both routers build their index on this very request, and look it up.
    expect(eager.stats()).toMatchObject({ routers: 2, misses: 2 })
  })

  it("warm(app) builds pulya's Routers too, with or without app.use(pulya())", async () => {
    const router = new PulyaRouter()
    table(router, '/p')
    const app = new Koa()
    app.use(router.routes())
    warm(app)
    // Read the counters through a pulya() that finds the router (it does not build anything).
    const reader = pulya()
    await reader({ app: { middleware: [router.routes()] } }, () => Promise.resolve())
    router.match('/p1/a', 'GET')
    expect(reader.stats()).toMatchObject({ routers: 1, misses: 1 })
    const cold = new PulyaRouter()
    table(cold, '/c')
    cold.match('/c1/a', 'GET')
    cold.match('/c1/a', 'GET')
    await settle()
    cold.match('/c1/a', 'GET')
    const coldReader = pulya()
    await coldReader({ app: { middleware: [cold.routes()] } }, () => Promise.resolve())
    expect(coldReader.stats()).toMatchObject({ misses: 1, hits: 0 })
  })

  it('builds a long table over several turns of the event loop, serving the host way until it is done', async () => {
    const middleware = pulya()
    const app = new Koa()
    app.use(middleware)
    const router = new Router()
    for (let i = 0; i < 600; i++)
      router.get(`/t${String(i)}/:id`, (ctx) => {
        ctx.body = String(i)
      })
    app.use(router.routes())
    const server = app.callback()
    await request(server).get('/t599/a').expect(200, '599')
    expect(middleware.stats()).toMatchObject({ misses: 0 })
    await settle()
    await request(server).get('/t599/a').expect(200, '599')
    expect(middleware.stats()).toMatchObject({ misses: 1 })
  })

  it('refuses anything but a Koa app', () => {
    expect(() => {
      warm({})
    }).toThrow('pulya: warm(app) expects a Koa application')
    expect(() => {
      warmAny(null)
    }).toThrow('pulya: warm(app) expects a Koa application')
  })
})
