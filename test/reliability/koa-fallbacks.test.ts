/**
 * Pulya fails open on Koa: each of its fault points, armed in turn, leaves every answer and
 * handler call equal to vanilla's, is counted under its cause and warned once per cause; a
 * throwing handler stays the app's (never counted, never retried).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import KoaRouter from '@koa/router'
import type Koa from 'koa'
import { pulya, type PulyaKoaMiddleware } from '../../src/koa/index.js'
import { armFault, type FaultPoint } from '../../src/core/fault-points.js'
import type { FallbackCause } from '../../src/core/fallbacks.js'
import { expectFailsOpen, sameRun, warnedCauses } from './_fail-open.js'
import type { KoaClass } from '../helpers/hosts.js'
import {
  describeKoa,
  serveKoa,
  serveSides,
  sides,
  type DiffStep,
  type ServedSides
} from '../helpers/differential.js'

interface Counted {
  calls: number
  router: KoaRouter
}

function build(Koa: KoaClass, middleware: PulyaKoaMiddleware | null): Koa {
  const app = new Koa()
  app.silent = true
  const counted = app as unknown as Counted
  counted.calls = 0
  if (middleware !== null) app.use(middleware)
  const router = new KoaRouter()
  counted.router = router
  for (let i = 0; i < 12; i++) {
    router.get(`/r${i}/:id`, (ctx) => {
      counted.calls++
      ctx.body = `r${i} ${String(ctx.params['id'])}`
    })
  }
  router.get('/json', (ctx) => {
    counted.calls++
    ctx.body = { a: 1 }
  })
  router.get('/buffer', (ctx) => {
    counted.calls++
    ctx.body = Buffer.from('bytes')
  })
  router.get('/typed', (ctx) => {
    counted.calls++
    ctx.set('X-One', '1')
    ctx.set('X-Many', ['a', 'b'])
    ctx.type = 'json'
    ctx.body = '{"b":2}'
  })
  router.get('/html', (ctx) => {
    counted.calls++
    ctx.body = '<p>hi</p>'
  })
  router.get('/teapot', (ctx) => {
    counted.calls++
    ctx.status = 418
    ctx.body = 'tea'
  })
  router.get('/empty', (ctx) => {
    counted.calls++
    ctx.status = 204
  })
  router.get('/throw', () => {
    counted.calls++
    throw new Error('the handler threw')
  })
  app.use(router.routes()).use(router.allowedMethods())
  return app
}

const REQUESTS: DiffStep<Koa>[] = [
  { method: 'GET', path: '/r3/7' },
  { method: 'GET', path: '/r3/7?again=1' },
  { method: 'GET', path: '/r11/x' },
  { method: 'GET', path: '/json' },
  { method: 'GET', path: '/buffer' },
  { method: 'GET', path: '/typed' },
  { method: 'GET', path: '/html' },
  { method: 'HEAD', path: '/html' },
  { method: 'GET', path: '/teapot' },
  { method: 'GET', path: '/empty' },
  { method: 'GET', path: '/throw' },
  { method: 'GET', path: '/missing' },
  { method: 'POST', path: '/r3/7' },
  { method: 'OPTIONS', path: '/r3/7' }
]

/** Each point, and the cause its failure is counted under. */
const POINTS: ReadonlyArray<readonly [FaultPoint, FallbackCause]> = [
  ['index-build', 'koa-match'],
  ['route-index', 'koa-match'],
  ['route-cache-get', 'koa-match'],
  ['route-cache-set', 'koa-match'],
  ['respond-mirror', 'respond-mirror'],
  ['body-setter', 'body-setter'],
  ['header-setters', 'header-setters'],
  ['monitor-admit', 'monitor'],
  ['monitor-record', 'monitor']
]

function observe(app: Koa): string[] {
  return [`calls ${String((app as unknown as Counted).calls)}`]
}

let late = 0
/** A route added on every side first: the router's index is rebuilt, its caches start empty. */
function steps(): DiffStep<Koa>[] {
  const path = `/late${late++}`
  return [
    {
      action: `add ${path}`,
      run: (app) => {
        ;(app as unknown as Counted).router.get(path, (ctx) => {
          ctx.body = 'late'
        })
      }
    },
    ...REQUESTS
  ]
}

describeKoa('fails open', ({ Koa, major }) => {
  let served: ServedSides<Koa>
  const middleware = pulya({ metrics: { register: false } })

  beforeAll(async () => {
    served = await serveSides(sides(serveKoa, build(Koa, null), { pulya: build(Koa, middleware) }))
  })
  afterAll(async () => {
    armFault(null)
    await served.close()
  })

  const expectSameRun = sameRun(() => served, steps, REQUESTS, { observe })

  it("counts nothing when the app's own code throws", async () => {
    const before = middleware.stats().fallbacks
    await expectSameRun(1)
    await expectSameRun(8)
    expect(middleware.stats().fallbacks).toBe(before)
  })

  // Koa 2 keeps its own header setters: pulya has none there to fail.
  const points = major === 2 ? POINTS.filter(([point]) => point !== 'header-setters') : POINTS

  it.each(points)('%s failing: every answer is vanilla’s, counted as %s', async (point, cause) => {
    await expectFailsOpen(point, cause, expectSameRun, () => middleware.stats().fallbacks)
  })
})

describe('fallback warnings', () => {
  it('warns once per cause, with its code', () => {
    expect(warnedCauses()).toEqual([...new Set(POINTS.map(([, cause]) => cause))].sort())
  })
})
