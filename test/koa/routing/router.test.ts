/**
 * `Router` from `pulya/koa` against `@koa/router` itself: the same app is built once with each
 * class (Koa 2 and Koa 3), the same requests go to both, and status, headers, body and the
 * routing state the handlers saw must be identical. Then the class's own contract: it is an
 * `@koa/router`, its options, its cache and its counters.
 */
import { describe, expect, it } from 'vitest'
import request from 'supertest'
import KoaRouter from '@koa/router'
import type Koa from 'koa'
import {
  pulya,
  Router as PulyaRouterClass,
  createRouterClass,
  PULYA_ERR_NO_KOA_ROUTER,
  type RouterClass
} from '../../../src/koa/index.js'
import { loadRouter } from '../../../src/koa/routing/router.js'
import { loadPeer } from '../../../src/koa/routing/koa-router-peer.js'
import { PULYA_ERR_INVALID_OPTION } from '../../../src/core/errors.js'
import type { KoaClass } from '../../helpers/hosts.js'
import {
  describeKoa,
  expectSame,
  gets,
  req,
  serveKoa,
  sides,
  type DiffStep
} from '../../helpers/differential.js'

type AnyRouter = KoaRouter
// The cast MIGRATION.md gives TypeScript apps that want @koa/router's own generic types.
const Router = PulyaRouterClass as unknown as typeof KoaRouter
type RouterCtor = new (options?: ConstructorParameters<typeof KoaRouter>[0]) => AnyRouter
type Ctx = Parameters<Parameters<AnyRouter['get']>[1]>[0]

/** The routing state a handler saw, as the body: params, matched layers, route names and paths. */
function seen(ctx: Ctx, label: string): void {
  const state = ctx as unknown as {
    matched?: Array<{ path: unknown; name?: unknown }>
    _matchedRoute?: unknown
    _matchedRouteName?: unknown
    routerPath?: unknown
    routerName?: unknown
    captures?: unknown
    routeMatched?: unknown
    router?: unknown
  }
  ctx.body = {
    label,
    params: ctx.params,
    matched: state.matched?.map((layer) => `${String(layer.path)}#${String(layer.name)}`),
    route: state._matchedRoute,
    routeName: state._matchedRouteName,
    routerPath: state.routerPath,
    routerName: state.routerName,
    captures: state.captures,
    routeMatched: state.routeMatched,
    hasRouter: state.router !== undefined
  }
}

/** Builds the app with @koa/router and with pulya's Router, and compares every answer. */
async function same(
  Koa: KoaClass,
  build: (app: Koa, R: RouterCtor) => void,
  steps: Array<DiffStep<Koa>>
): Promise<void> {
  const vanilla = new Koa()
  const withPulya = new Koa()
  build(vanilla, KoaRouter)
  build(withPulya, Router)
  await expectSame(sides(serveKoa, vanilla, { 'pulya Router': withPulya }), steps)
}

function table(router: AnyRouter, count: number, prefix = '/r'): void {
  for (let i = 0; i < count; i++)
    router.get(`r${i}`, `${prefix}${i}/:id`, (ctx) => {
      seen(ctx, `r${i}`)
    })
}

describeKoa('pulya Router answers as @koa/router', ({ Koa }) => {
  it('verbs, all(), named routes, params, prefixes, nested routers, allowedMethods', async () => {
    await same(
      Koa,
      (app, R) => {
        const router = new R()
        table(router, 30)
        router.post('/r3/:id', (ctx) => {
          seen(ctx, 'post r3')
        })
        router.all('/any/:x', (ctx) => {
          seen(ctx, 'all')
        })
        router.get('/opt{/:maybe}', (ctx) => {
          seen(ctx, 'optional')
        })
        router.get('/files/*rest', (ctx) => {
          seen(ctx, 'wildcard')
        })
        router.get(/^\/re\/(\d+)$/, (ctx) => {
          seen(ctx, 'regexp')
        })
        router.patch('/r1/:id', (ctx) => {
          seen(ctx, 'patch')
        })
        router.delete('/r2/:id', (ctx) => {
          seen(ctx, 'delete')
        })
        const api = new R({ prefix: '/api' })
        api.use(async (ctx, next) => {
          ctx.set('x-api', '1')
          await next()
        })
        table(api, 8, '/items')
        const nested = new R()
        nested.use(async (ctx, next) => {
          ctx.set('x-nested', ctx.path)
          await next()
        })
        nested.get('deep', '/deep/:x', (ctx) => {
          seen(ctx, 'deep')
        })
        api.use('/nested/:group', nested.routes())
        api.use(['/a', '/b'], async (ctx, next) => {
          ctx.set('x-path-array', ctx.path)
          await next()
        })
        api.get('/a/x', (ctx) => {
          seen(ctx, 'a/x')
        })
        api.get('/b/x', (ctx) => {
          seen(ctx, 'b/x')
        })
        app.use(router.routes()).use(router.allowedMethods())
        app.use(api.routes()).use(api.allowedMethods({ throw: false }))
      },
      [
        ...gets(
          '/r3/a',
          '/r3/a',
          '/r29/b?x=1',
          '/R7/c',
          '/r3/a/',
          '/any/1',
          '/opt',
          '/opt/7',
          '/files/a/b/c',
          '/re/42',
          '/re/x'
        ),
        ...gets(
          '/api/items4/z',
          '/api/items4/z',
          '/api/nested/g1/deep/1',
          '/api/nested/g1/deep/1',
          '/api/a/x',
          '/api/b/x',
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
        req('DELETE', '/r2/x'),
        req('PATCH', '/r1/x'),
        req('POST', '/any/2'),
        req('DELETE', '/api/items1/x'),
        req('OPTIONS', '/api/items1/x')
      ]
    )
  })

  it('param(), redirect(), route(), url() and Router.url(), routerPath, host, sensitive, strict, exclusive, methods', async () => {
    await same(
      Koa,
      (app, R) => {
        const router = new R({ sensitive: true, strict: true })
        router.param('id', async (id, ctx, next) => {
          if (id === 'bad') {
            ctx.status = 400
            ctx.body = 'bad id'
            return
          }
          ctx.set('x-param', id)
          await next()
        })
        table(router, 10)
        router.get('named', '/named/:id', (ctx) => {
          seen(ctx, 'named')
          const url = router.url('named', { id: 'z' }, { query: { q: 1 } })
          ctx.set('x-url', typeof url === 'string' ? url : 'error')
          ctx.set(
            'x-static-url',
            R === (KoaRouter as unknown)
              ? KoaRouter.url('/u/:id', { id: 7 })
              : Router.url('/u/:id', { id: 7 })
          )
        })
        router.get('home', '/home', (ctx) => {
          seen(ctx, 'home')
        })
        router.redirect('/old', 'home', 301)
        router.redirect('/gone', '/r1/x')
        const route = (router as unknown as { route: (name: string) => unknown }).route('named')
        router.get('/has-route', (ctx) => {
          ctx.body = route === false ? 'no' : 'yes'
        })
        const exclusive = new R({ exclusive: true, prefix: '/ex' })
        exclusive.use(async (ctx, next) => {
          ctx.set('x-ex-mw', '1')
          await next()
        })
        exclusive.get('/:a', (ctx) => {
          seen(ctx, 'ex param')
        })
        exclusive.get('/fixed', (ctx) => {
          seen(ctx, 'ex fixed')
        })
        const hosted = new R({ host: 'api.example.test', prefix: '/hosted' })
        hosted.get('/x', (ctx) => {
          seen(ctx, 'hosted')
        })
        const limited = new R({ methods: ['GET'], prefix: '/limited' })
        limited.get('/x', (ctx) => {
          seen(ctx, 'limited')
        })
        const fixedPath = new R({ routerPath: '/r1/fixed' })
        fixedPath.get('/r1/:id', (ctx) => {
          seen(ctx, 'routerPath')
        })
        app.use(router.routes()).use(router.allowedMethods())
        app.use(exclusive.routes())
        app.use(hosted.routes())
        app.use(limited.routes()).use(limited.allowedMethods())
        app.use(async (ctx, next) => {
          if (ctx.path === '/fixed-path') await fixedPath.routes()(ctx as never, next)
          else await next()
        })
      },
      [
        ...gets(
          '/r1/a',
          '/r1/bad',
          '/R1/a',
          '/r1/a/',
          '/named/1',
          '/old',
          '/gone',
          '/has-route',
          '/ex/fixed',
          '/ex/other',
          '/ex/fixed'
        ),
        req('GET', '/hosted/x', { host: 'api.example.test' }),
        req('GET', '/hosted/x', { host: 'other.test' }),
        req('GET', '/limited/x'),
        req('POST', '/limited/x'),
        req('OPTIONS', '/limited/x'),
        ...gets('/fixed-path', '/fixed-path')
      ]
    )
  })

  it('allowedMethods throwing 405/501 through an error handler, and late routes and prefixes', async () => {
    const late: Array<(router: AnyRouter) => void> = []
    await same(
      Koa,
      (app, R) => {
        app.use(async (ctx, next) => {
          try {
            await next()
          } catch (err) {
            const e = err as { status?: number; message: string }
            ctx.status = e.status ?? 500
            ctx.body = `caught ${e.message}`
          }
        })
        const router = new R()
        table(router, 10)
        app.use(router.routes()).use(router.allowedMethods({ throw: true }))
        late.push((r) => {
          r.get('/late/:id', (ctx) => {
            seen(ctx, 'late')
          })
        })
        app.use(async (ctx, next) => {
          if (ctx.path === '/__late') {
            router.get('/late/:id', (c) => {
              seen(c, 'late')
            })
            ctx.body = 'added'
            return
          }
          if (ctx.path === '/__prefix') {
            router.prefix('/v2')
            ctx.body = 'prefixed'
            return
          }
          await next()
        })
      },
      [
        req('POST', '/r1/x'),
        req('PATCH', '/r1/x'),
        req('OPTIONS', '/r1/x'),
        ...gets(
          '/late/1',
          '/r1/x',
          '/__late',
          '/late/1',
          '/late/1',
          '/__prefix',
          '/late/1',
          '/v2/late/1',
          '/v2/r1/x',
          '/r1/x'
        )
      ]
    )
  })
})

/** The counters of a pulya Router, read through `app.use(pulya())` (its first call finds the router). */
async function accelerated(router: { routes(): unknown }): Promise<object> {
  const middleware = pulya()
  await middleware({ app: { middleware: [router.routes()] } }, () => Promise.resolve())
  return middleware.stats()
}

/** The methods pulya's Router overrides by design: the cached `match`, and `prefix`, which forgets the cache. */
const OVERRIDDEN = ['match', 'prefix']

/** @koa/router's own methods, by name: every other one must reach pulya's routers untouched. */
const INHERITED = Object.getOwnPropertyNames(KoaRouter.prototype).filter(
  (name) => name !== 'constructor' && !OVERRIDDEN.includes(name)
)

/** The descriptor `name` resolves to on `object`, and the prototype holding it. */
function lookup(object: object, name: string): { holder: object; descriptor: PropertyDescriptor } | null {
  for (
    let holder: object | null = object;
    holder !== null;
    holder = Object.getPrototypeOf(holder) as object | null
  ) {
    const descriptor = Object.getOwnPropertyDescriptor(holder, name)
    if (descriptor !== undefined) return { holder, descriptor }
  }
  return null
}

describe('pulya Router, the class', () => {
  it('is an @koa/router: instanceof, its static url, the same own keys', () => {
    const router = new Router()
    expect(router).toBeInstanceOf(KoaRouter)
    expect(Reflect.get(Router, 'url')).toBe(Reflect.get(KoaRouter, 'url'))
    expect(Router.url('/users/:id', { id: 3 })).toBe('/users/3')
    expect(Object.keys(router)).toEqual(Object.keys(new KoaRouter()))
  })

  it.each(INHERITED)("%s is @koa/router's own", (name) => {
    expect(lookup(new Router(), name)).toEqual({
      holder: KoaRouter.prototype,
      descriptor: Object.getOwnPropertyDescriptor(KoaRouter.prototype, name)
    })
  })

  it.each(OVERRIDDEN)("%s is pulya's own, defined as a class body defines a method", (name) => {
    const found = lookup(new Router(), name)
    expect(found?.holder).toBe(PulyaRouterClass.prototype)
    expect(found?.descriptor).toMatchObject({ writable: true, configurable: true, enumerable: false })
    expect(found?.descriptor.value).toBeTypeOf('function')
    expect(found?.descriptor.value).not.toBe(Reflect.get(KoaRouter.prototype, name))
  })

  it('overrides nothing else', () => {
    expect(Object.getOwnPropertyNames(PulyaRouterClass.prototype).sort()).toEqual([
      'constructor',
      ...OVERRIDDEN
    ])
  })

  it("keeps @koa/router's options object, and takes pulya's under `pulya`", () => {
    const options = { prefix: '/p' }
    expect(new Router(options).opts).toBe(options)
    const withOwn = new Router({ prefix: '/q', pulya: { cache: { max: 2 } } })
    expect(withOwn.opts).toEqual({ prefix: '/q' })
    let caught: unknown
    try {
      new Router({ pulya: { cache: 'big' } })
    } catch (error) {
      caught = error
    }
    expect((caught as { code?: string }).code).toBe(PULYA_ERR_INVALID_OPTION)
  })

  it('caches match() per method, boundedly, and app.use(pulya()) counts it without wrapping it again', async () => {
    const router = new Router({ pulya: { cache: { max: 3, maxKeyLength: 30 }, warm: false } })
    table(router, 12)
    const match: unknown = Reflect.get(router, 'match')
    const first = router.match('/r1/a', 'GET')
    const again = router.match('/r1/a', 'GET')
    expect(again).toEqual(first)
    expect(again.path).not.toBe(first.path)
    const middleware = pulya()
    const { default: Koa } = await import('koa')
    const app = new Koa()
    app.use(middleware)
    app.use(router.routes())
    await request(app.callback()).get('/r1/z').expect(200)
    expect(Reflect.get(router, 'match')).toBe(match)
    expect(middleware.stats()).toMatchObject({ routers: 1, hits: 1, misses: 2 })
    for (let i = 0; i < 6; i++) router.match(`/r2/${String(i)}`, 'GET')
    router.match(`/r2/${'x'.repeat(40)}`, 'GET')
    expect(middleware.stats()).toMatchObject({ evictions: 5, skipped: 1 })
    // A clone made by nesting (`parent.use(child.routes())`) matches on its own.
    const parent = new Router()
    parent.use('/child', router.routes())
    table(parent, 10, '/p')
    expect(parent.match('/child/r1/a', 'GET').route).toBe(true)
  })

  it('explains itself when @koa/router is missing or is not a router class', async () => {
    const failure = new Error('Cannot find module')
    const missing = loadRouter(await loadPeer(() => Promise.reject(failure)))
    let caught: unknown
    try {
      new (missing as unknown as new () => unknown)()
    } catch (error) {
      caught = error
    }
    expect((caught as { code?: string }).code).toBe(PULYA_ERR_NO_KOA_ROUTER)
    expect((caught as Error).message).toContain('npm install @koa/router')
    const odd = loadRouter({ loaded: { something: 1 }, failure: undefined })
    expect(() => new (odd as unknown as new () => unknown)()).toThrow('@koa/router')
    const fromDefault = loadRouter({ loaded: { default: KoaRouter }, failure: undefined })
    expect(new fromDefault()).toBeInstanceOf(KoaRouter)
    expect(new (createRouterClass(KoaRouter as unknown as RouterClass))()).toBeInstanceOf(KoaRouter)
    // Class-wide options apply to routers created without their own.
    const Eager = createRouterClass(KoaRouter as unknown as RouterClass, { smallStack: 0, warm: false })
    const small = new Eager()
    small.get('/one', () => undefined)
    small.match('/one', 'GET')
    small.match('/one', 'GET')
    const counted = await accelerated(small)
    expect(counted).toMatchObject({ hits: 1, misses: 1 })
  })
})
