/**
 * `app.use(pulya())` in Koa 2 and 3 puts a route cache behind the app's existing @koa/router
 * instances: every case builds the same app vanilla and with pulya and compares answers.
 */
import { expect, it, vi } from 'vitest'
import request from 'supertest'
import Router from '@koa/router'
import type Koa from 'koa'
import { pulya, warm } from '../../../src/koa/index.js'
import { pulya as universal } from '../../../src/index.js'
import type { KoaClass } from '../../helpers/hosts.js'
import {
  describeKoa,
  expectSame,
  KOA_ENTRIES,
  gets,
  req,
  serveKoa,
  sides,
  type DiffStep
} from '../../helpers/differential.js'

/** What the handlers touch of a router context. */
interface Ctx {
  body: unknown
  params: Record<string, string>
}
/** An app, and the changes a scenario makes to it while it serves, one per `LATE` step. */
interface Built {
  app: Koa
  late: Array<() => void>
}
type Build = (app: Koa, late: Array<() => void>) => void

/** What a handler saw, so routing state is compared as well as the response. */
function seen(ctx: Ctx, label: string): void {
  const extra = ctx as unknown as {
    matched?: Array<{ path: unknown }>
    _matchedRoute?: unknown
    routerPath?: unknown
    captures?: unknown
  }
  ctx.body = {
    label,
    params: ctx.params,
    matched: extra.matched?.map((layer) => String(layer.path)),
    route: extra._matchedRoute,
    routerPath: extra.routerPath,
    captures: extra.captures
  }
}

/** The next late change, on each app. */
const LATE: DiffStep<Built> = {
  action: 'late change',
  run: (built) => {
    built.late.shift()?.()
  }
}

/** Builds `build` on vanilla Koa and on Koa with `install`, sends `steps` in order to both. */
async function same(
  Koa: KoaClass,
  build: Build,
  steps: Array<DiffStep<Built>>,
  install: (app: Koa) => void = (app) => {
    app.use(pulya())
  }
): Promise<void> {
  const make = (withPulya: boolean): Built => {
    const app = new Koa()
    if (withPulya) install(app)
    const late: Array<() => void> = []
    build(app, late)
    return { app, late }
  }
  await expectSame(
    sides((built: Built) => serveKoa(built.app), make(false), { pulya: make(true) }),
    steps
  )
}

function table(router: Router, count: number, prefix = '/r'): void {
  for (let i = 0; i < count; i++)
    router.get(`${prefix}${i}/:id`, (ctx) => {
      seen(ctx, `r${i}`)
    })
}

describeKoa('with @koa/router', ({ Koa }) => {
  it.each(KOA_ENTRIES)(
    'serves a table, prefixes, nested routers and allowedMethods like vanilla (from $entry)',
    async ({ pulya: entry }) => {
      await same(
        Koa,
        (app) => {
          const router = new Router()
          table(router, 40)
          router.post('/r3/:id', (ctx) => {
            seen(ctx, 'post r3')
          })
          const api = new Router({ prefix: '/api' })
          api.use(async (ctx, next) => {
            ctx.set('x-api', '1')
            await next()
          })
          table(api, 10, '/items')
          const nested = new Router()
          nested.get('/deep/:x', (ctx) => {
            seen(ctx, 'deep')
          })
          api.use('/nested', nested.routes())
          app.use(router.routes()).use(router.allowedMethods())
          app.use(api.routes()).use(api.allowedMethods({ throw: false }))
        },
        [
          ...gets(
            '/r3/a',
            '/r3/a',
            '/r39/b?x=1',
            '/R7/c',
            '/r3/a/',
            '/api/items4/z',
            '/api/nested/deep/1',
            '/api/nothing',
            '/nope',
            '/r3/%ZZ',
            '/r3/%E0%A4%A',
            '//r3/a'
          ),
          req('POST', '/r3/x'),
          req('PUT', '/r3/x'),
          req('OPTIONS', '/r3/x'),
          req('HEAD', '/r3/x'),
          req('DELETE', '/api/items1/x')
        ],
        (app) => {
          app.use(entry() as never)
        }
      )
    }
  )

  it('keeps ctx.matched growing across two routers that match one path', async () => {
    await same(
      Koa,
      (app) => {
        const first = new Router()
        first.use(async (_ctx, next) => {
          await next()
        })
        first.get('/shared/:a', async (_ctx, next) => {
          await next()
        })
        const second = new Router()
        second.get('/shared/:b', (ctx) => {
          seen(ctx, 'second')
        })
        app.use(first.routes())
        app.use(second.routes())
      },
      gets('/shared/1', '/shared/1', '/shared/2')
    )
  })

  it('sees routes added and prefixes changed while serving, and stateful RegExps', async () => {
    const late: Array<(router: Router) => void> = [
      (router) => {
        router.get('/late/:id', (ctx) => {
          seen(ctx, 'late')
        })
      },
      (router) => {
        router.prefix('/v2')
      }
    ]
    await same(
      Koa,
      (app, after) => {
        const router = new Router()
        table(router, 10)
        router.get(/^\/sticky\/(\d+)$/g, (ctx) => {
          seen(ctx, 'global regexp')
        })
        app.use(router.routes())
        for (const change of late)
          after.push(() => {
            change(router)
          })
      },
      [
        ...gets('/late/1', '/r1/x', '/sticky/1', '/sticky/1', '/sticky/1'),
        LATE,
        ...gets('/late/1', '/r1/x'),
        LATE,
        ...gets('/late/1', '/v2/late/1', '/v2/r1/x', '/r1/x')
      ]
    )
    await same(
      Koa,
      (app, after) => {
        const router = new Router()
        table(router, 10)
        app.use(router.routes())
        after.push(() => {
          router.get('/late/:id', (ctx) => {
            seen(ctx, 'late')
          })
        })
        after.push(() => {
          router.prefix('/v3')
        })
      },
      [
        ...gets('/late/1', '/r1/x'),
        LATE,
        ...gets('/late/1', '/r1/x'),
        LATE,
        ...gets('/late/1', '/v3/late/1', '/v3/r1/x', '/r1/x')
      ]
    )
  })

  it('caches boundedly, counts, and works without a cache or from the root export', async () => {
    const middleware = pulya({ cache: { max: 4, maxKeyLength: 40 } })
    const app = new Koa()
    app.use(middleware)
    const router = new Router()
    table(router, 20)
    app.use(router.routes())
    warm(app)
    const server = app.callback()
    for (let i = 0; i < 10; i++)
      await request(server)
        .get(`/r1/${String(i)}`)
        .expect(200)
    await request(server).get('/r1/0').expect(200)
    await request(server)
      .get(`/r1/${'x'.repeat(60)}`)
      .expect(200)
    expect(middleware.stats()).toEqual({
      routers: 1,
      hits: 0,
      misses: 11,
      evictions: 7,
      skipped: 1,
      verified: 0,
      mismatches: 0,
      fallbacks: 0
    })
    await request(server).get('/r1/9').expect(200)
    expect(middleware.stats().hits).toBe(1)
    router.get('/after', (ctx) => {
      ctx.body = 'after'
    })
    await request(server).get('/after').expect(200, 'after')
    expect(middleware.stats().misses).toBe(12)
    await same(
      Koa,
      (app2) => {
        const r = new Router()
        table(r, 5)
        app2.use(r.routes())
      },
      gets('/r1/a', '/r1/a'),
      (app2) => {
        app2.use(pulya({ cache: false }))
      }
    )
    // Not warmed: the first request is @koa/router's own (the index is built right after it),
    // the second a miss, the third a hit.
    const root = universal()
    await same(
      Koa,
      (app2) => {
        const r = new Router()
        table(r, 10)
        app2.use(r.routes())
      },
      gets('/r1/a', '/r1/a', '/r1/a'),
      (app2) => {
        app2.use(root as never)
      }
    )
    expect(root.stats()).toMatchObject({ routers: 1, hits: 1, misses: 1, verified: 0 })
    // A router of smallStack (6) layers or fewer is left to @koa/router: nothing is cached…
    const small = pulya()
    await same(
      Koa,
      (app2) => {
        const r = new Router()
        table(r, 5)
        app2.use(r.routes())
      },
      gets('/r1/a', '/r1/a'),
      (app2) => {
        app2.use(small)
      }
    )
    expect(small.stats()).toMatchObject({ routers: 1, hits: 0, misses: 0 })
    // …unless smallStack says otherwise.
    const every = pulya({ smallStack: 0 })
    await same(
      Koa,
      (app2) => {
        const r = new Router()
        table(r, 2)
        app2.use(r.routes())
      },
      gets('/r1/a', '/r1/a', '/r1/a'),
      (app2) => {
        app2.use(every)
      }
    )
    expect(every.stats()).toMatchObject({ routers: 1, hits: 1, misses: 1 })
  })

  it('a router copied the way @koa/router clones routers, after pulya accelerated it, matches as vanilla', async () => {
    const app = new Koa()
    app.use(pulya())
    const router = new Router()
    table(router, 10)
    app.use(router.routes())
    await request(app.callback()).get('/r3/a').expect(200)
    const copy = Object.assign(Object.create(Object.getPrototypeOf(router) as object) as Router, router, {
      stack: [...router.stack]
    })
    const plain = new Router()
    table(plain, 10)
    const strip = (m: ReturnType<Router['match']>): unknown => ({
      route: m.route,
      path: m.path.map((l) => l.path),
      pathAndMethod: m.pathAndMethod.map((l) => l.path)
    })
    for (const path of ['/r3/a', '/r3/a', '/nope'])
      expect(strip(copy.match(path, 'GET'))).toEqual(strip(plain.match(path, 'GET')))
  })

  it('a router shared by two apps is wrapped once, and each app counts it', async () => {
    const router = new Router()
    table(router, 10)
    const first = pulya()
    const second = pulya()
    const [one, two] = [first, second].map((middleware) => {
      const app = new Koa().use(middleware).use(router.routes())
      warm(app)
      return app.callback()
    }) as [ReturnType<Koa['callback']>, ReturnType<Koa['callback']>]
    await request(one).get('/r1/a').expect(200)
    const match: unknown = Reflect.get(router, 'match')
    await request(two).get('/r1/a').expect(200)
    expect(Reflect.get(router, 'match')).toBe(match)
    expect(first.stats()).toMatchObject({ routers: 1, hits: 1, misses: 1 })
    expect(second.stats()).toEqual(first.stats())
  })

  it('verify mode: serves by @koa/router when the cache is wrong, and says so once', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    try {
      const middleware = pulya({ verify: true })
      const app = new Koa()
      app.use(middleware)
      const router = new Router()
      table(router, 10)
      app.use(router.routes())
      warm(app)
      const server = app.callback()
      await request(server).get('/r5/a').expect(200)
      // Rewrite a layer behind the cache's back (the stack array itself is untouched): the cached
      // answer for /r5/a is now wrong, and only verify mode can notice.
      const layer = router.stack.find((one) => one.path === '/r5/:id') as unknown as { regexp: RegExp }
      layer.regexp = /^\/elsewhere$/
      await request(server).get('/r5/a').expect(404)
      await request(server).get('/r5/a').expect(404)
      expect(middleware.stats()).toMatchObject({ verified: 3, mismatches: 2 })
      expect(warn).toHaveBeenCalledTimes(1)
      expect(String(warn.mock.calls[0]?.[0])).toContain('GET "/r5/a"')
      const sampled = pulya({ verify: 0.5 })
      const sampledApp = new Koa()
      sampledApp.use(sampled)
      const other = new Router()
      table(other, 10)
      sampledApp.use(other.routes())
      warm(sampledApp)
      for (let i = 0; i < 4; i++)
        await request(sampledApp.callback())
          .get(`/r1/${String(i)}`)
          .expect(200)
      expect(sampled.stats()).toMatchObject({ verified: 2, mismatches: 0 })
    } finally {
      warn.mockRestore()
    }
  })
})
