/**
 * Hostile input, vanilla next to pulya on Express 4/5 and Koa 2/3: 10,000 path segments, every
 * byte percent-encoded, overlong UTF-8, 1,000 query keys, floods and huge values of headers —
 * the same answers; and a flood of unique URLs does not evict the hot routes (counted by
 * `stats()`: the hot set keeps hitting the route cache).
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import KoaRouter from '@koa/router'
import type Koa from 'koa'
import type { Express, Request, Response } from 'express'
import { pulya as expressPulya, type PulyaExpressMiddleware } from '../../src/express/index.js'
import { pulya as koaPulya, type PulyaKoaMiddleware } from '../../src/koa/index.js'
import type { ExpressFactory, KoaClass } from '../helpers/hosts.js'
import type { DiffRequest } from '../../compat/differential.js'
import {
  describeExpress,
  describeKoa,
  ERROR_PAGES,
  serveExpress,
  serveKoa,
  serveSides,
  sides,
  type ServedSides
} from '../helpers/differential.js'

const CACHE = { max: 100, maxKeyLength: 2048 }
const ROUTES = 20

/** Every byte, percent-encoded, as one segment. */
const EVERY_BYTE = Array.from({ length: 256 }, (_, byte) => `%${byte.toString(16).padStart(2, '0')}`).join('')

const HOSTILE: DiffRequest[] = [
  { method: 'GET', path: `/r3/${'a/'.repeat(10_000)}x` },
  { method: 'GET', path: `/${'s/'.repeat(10_000)}` },
  { method: 'GET', path: `/r3/${EVERY_BYTE}` },
  { method: 'GET', path: `/${EVERY_BYTE}/r3/x` },
  { method: 'GET', path: '/r3/%C0%AF' },
  { method: 'GET', path: '/r3/%E0%80%AF' },
  { method: 'GET', path: '/r3/%F0%80%80%AF' },
  { method: 'GET', path: '/r3/%ED%A0%80' },
  { method: 'GET', path: `/r3/q?${Array.from({ length: 1000 }, (_, i) => `k${i}=${i}`).join('&')}` },
  { method: 'GET', path: '/r3/q?__proto__=1&constructor=2&hasOwnProperty=3' },
  {
    method: 'GET',
    path: '/r3/headers',
    headers: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`x-flood-${i}`, 'v']))
  },
  { method: 'GET', path: '/r3/value', headers: { 'x-huge': 'v'.repeat(12 * 1024) } },
  { method: 'GET', path: '/r3/cookie', headers: { cookie: 'a=1; '.repeat(2000) } }
]

const BURSTS = 15

/** Hot paths between bursts of unique URLs (each burst smaller than the cache, sent 20 at once). */
async function flood(run: (paths: string[], concurrency: number) => Promise<void>): Promise<void> {
  for (let burst = 0; burst < BURSTS; burst++) {
    await run(
      Array.from({ length: 20 }, (_, k) => `/r${k % ROUTES}/unique-${burst}-${k}`),
      20
    )
    await run(
      Array.from({ length: 5 }, (_, hot) => `/r${hot}/hot`),
      1
    )
  }
}

/** What the flood must leave: every hot request after the first of each path hit the cache. */
function expectHotSetHits(hits: number): void {
  expect(hits).toBeGreaterThanOrEqual(BURSTS * 5 - 5)
}

function buildExpress(express: ExpressFactory, middleware: PulyaExpressMiddleware | null): Express {
  const app = express()
  if (middleware !== null) app.use(middleware)
  for (let i = 0; i < ROUTES; i++) {
    app.get(`/r${i}/:id`, (req: Request, res: Response) => {
      res.json({
        i,
        id: req.params['id'],
        query: Object.keys(req.query).length,
        headers: req.rawHeaders.length
      })
    })
  }
  return app
}

describeExpress('hostile input', ({ express }) => {
  const middleware = expressPulya({ cache: CACHE })
  let served: ServedSides<Express>

  beforeAll(async () => {
    served = await serveSides(
      sides(serveExpress, buildExpress(express, null), { pulya: buildExpress(express, middleware) })
    )
  })
  afterAll(async () => {
    await served.close()
  })

  it('answers as vanilla', async () => {
    expect((await served.run(HOSTILE, ERROR_PAGES)).message).toBe('')
  })

  it('keeps the hot routes in the cache under a flood of unique URLs', async () => {
    const before = middleware.stats()
    await flood(async (paths, concurrency) => {
      const report = await served.run(
        paths.map((path) => ({ method: 'GET', path })),
        { concurrency }
      )
      expect(report.message).toBe('')
    })
    const after = middleware.stats()
    // Unique URLs miss; the hot ones keep hitting although far more than `max` paths went by.
    expect(after.evictions - before.evictions).toBeGreaterThan(CACHE.max)
    expectHotSetHits(after.hits - before.hits)
  })
})

function buildKoa(Koa: KoaClass, middleware: PulyaKoaMiddleware | null): Koa {
  const app = new Koa()
  app.silent = true
  if (middleware !== null) app.use(middleware)
  const router = new KoaRouter()
  for (let i = 0; i < ROUTES; i++) {
    router.get(`/r${i}/:id`, (ctx) => {
      ctx.body = {
        i,
        id: ctx.params['id'],
        query: Object.keys(ctx.query).length,
        headers: ctx.req.rawHeaders.length
      }
    })
  }
  app.use(router.routes()).use(router.allowedMethods())
  return app
}

describeKoa('hostile input', ({ Koa }) => {
  const middleware = koaPulya({ cache: CACHE })
  let served: ServedSides<Koa>

  beforeAll(async () => {
    served = await serveSides(sides(serveKoa, buildKoa(Koa, null), { pulya: buildKoa(Koa, middleware) }))
  })
  afterAll(async () => {
    await served.close()
  })

  it('answers as vanilla', async () => {
    expect((await served.run(HOSTILE)).message).toBe('')
  })

  it('keeps the hot routes in the cache under a flood of unique URLs', async () => {
    const before = middleware.stats()
    await flood(async (paths, concurrency) => {
      const report = await served.run(
        paths.map((path) => ({ method: 'GET', path })),
        { concurrency }
      )
      expect(report.message).toBe('')
    })
    const after = middleware.stats()
    expect(after.evictions - before.evictions).toBeGreaterThan(CACHE.max)
    expectHotSetHits(after.hits - before.hits)
  })
})
