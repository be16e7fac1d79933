/**
 * `metrics` and `underPressure` on real apps of every host: responses stay vanilla's byte for
 * byte, every request is recorded once under its full route template (or `__unknown__`) with
 * the status the client was sent — aborted, erroring after headers, streaming and raw
 * `res.end()` ones included — the exposition is prom-client's, the diagnostics channel carries
 * each finished request, and shed requests get the 503 before any of the app's code runs.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import inject from 'light-my-request'
import { Registry } from 'prom-client'
import KoaRouter from '@koa/router'
import { pulya as expressPulya } from '../../src/express/index.js'
import { pulya as koaPulya } from '../../src/koa/index.js'
import {
  FINISH_CHANNEL,
  pulya as rootPulya,
  type FinishMessage,
  type MetricsSnapshot
} from '../../src/index.js'
import { EXPRESS_HOSTS, KOA_HOSTS, type ExpressFactory, type KoaClass } from '../helpers/hosts.js'
import { send } from '../helpers/raw-http.js'
import { eventually } from '../helpers/eventually.js'
import { ERROR_PAGES, expectSame, requests, type Side } from '../helpers/differential.js'

interface Monitored {
  stats(): unknown
  metrics(): MetricsSnapshot
  metricsHandler(registry?: Registry): unknown
}

/** An app of one host, served on 127.0.0.1, with the middleware that monitors it (or none). */
interface Built {
  server: Server
  middleware: Monitored | null
  /** Requests that reached the app's own code. */
  reached: { count: number }
  /** Lets the request to /hang finish (it waits until then). */
  release(): void
}

type Make = (options: object | null) => Built

/** Options naming a registry: the app serves it at /metrics with metricsHandler(). */
function exposes(options: object | null): boolean {
  const metrics = (options as { metrics?: { register?: unknown } } | null)?.metrics
  return typeof metrics === 'object' && metrics.register instanceof Registry
}

/** Requests every app answers: routes under mounts, errors, streams, raw ends, 404s. */
const REQUESTS: ReadonlyArray<readonly [string, string]> = [
  ['GET', '/api/v1/users/7'],
  ['GET', '/api/v1/users/8'],
  ['GET', '/items'],
  ['POST', '/items'],
  ['GET', '/sub/info'],
  ['GET', '/boom'],
  ['GET', '/stream'],
  ['GET', '/raw/x'],
  ['GET', '/nowhere'],
  ['HEAD', '/items'],
  ['DELETE', '/items']
]

function expressApp(express: ExpressFactory, pulya: typeof expressPulya | typeof rootPulya): Make {
  return (options) => {
    const app = express()
    const middleware = options === null ? null : (pulya(options) as unknown as Monitored)
    if (middleware !== null) app.use(middleware as never)
    const reached = { count: 0 }
    let release = (): void => {}
    app.use((_req, _res, next) => {
      reached.count++
      next()
    })
    if (middleware !== null && exposes(options)) app.get('/metrics', middleware.metricsHandler() as never)
    const users = express.Router()
    users.get('/:id', (req, res) => {
      res.json({ id: req.params.id })
    })
    const api = express.Router()
    api.use('/users', users)
    app.use('/api/v1', api)
    const sub = express()
    sub.get('/info', (_req, res) => {
      res.send('sub')
    })
    app.use('/sub', sub)
    app
      .route('/items')
      .get((_req, res) => {
        res.send('items')
      })
      .post((_req, res) => {
        res.status(201).send('made')
      })
    app.get('/boom', () => {
      throw new Error('boom')
    })
    app.get('/stream', (_req, res) => {
      Readable.from(['a', 'b', 'c']).pipe(res)
    })
    app.use('/raw', (_req, res) => {
      res.end('raw')
    })
    app.get('/hang', (_req, res) => {
      release = () => {
        res.end('late')
      }
    })
    app.get('/late-error', (_req, res, next) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' })
      res.write('partial')
      next(new Error('after headers'))
    })
    app.set('env', 'test')
    return {
      server: app.listen(0, '127.0.0.1'),
      middleware,
      reached,
      release: () => {
        release()
      }
    }
  }
}

function koaApp(Koa: KoaClass, pulya: typeof koaPulya | typeof rootPulya): Make {
  return (options) => {
    const app = new Koa()
    app.silent = true
    const middleware = options === null ? null : (pulya(options) as unknown as Monitored)
    if (middleware !== null) app.use(middleware as never)
    const reached = { count: 0 }
    let release = (): void => {}
    app.use(async (ctx, next) => {
      reached.count++
      if (ctx.path.startsWith('/raw')) {
        ctx.respond = false
        ctx.res.end('raw')
        return
      }
      await next()
    })
    if (middleware !== null && exposes(options)) {
      const handler = middleware.metricsHandler() as (ctx: object, next: () => Promise<void>) => Promise<void>
      app.use((ctx, next) => (ctx.path === '/metrics' ? handler(ctx, next) : next()))
    }
    const users = new KoaRouter()
    users.get('/:id', (ctx) => {
      ctx.body = { id: ctx.params['id'] }
    })
    const api = new KoaRouter({ prefix: '/api/v1' })
    api.use('/users', users.routes())
    const router = new KoaRouter()
    router.get('/sub/info', (ctx) => {
      ctx.body = 'sub'
    })
    router.get('/items', (ctx) => {
      ctx.body = 'items'
    })
    router.post('/items', (ctx) => {
      ctx.status = 201
      ctx.body = 'made'
    })
    router.get('/boom', () => {
      throw new Error('boom')
    })
    router.get('/stream', (ctx) => {
      ctx.body = Readable.from(['a', 'b', 'c'])
    })
    router.get(
      '/hang',
      (ctx) =>
        new Promise<void>((resolve) => {
          release = () => {
            ctx.body = 'late'
            resolve()
          }
        })
    )
    router.get('/late-error', (ctx) => {
      ctx.res.writeHead(200, { 'Content-Type': 'text/plain' })
      ctx.res.write('partial')
      ctx.res.destroy(new Error('after headers'))
      ctx.respond = false
    })
    app.use(api.routes())
    app.use(router.routes())
    app.use(router.allowedMethods())
    return {
      server: app.listen(0, '127.0.0.1'),
      middleware,
      reached,
      release: () => {
        release()
      }
    }
  }
}

/** Each host with each entry point. */
const HOSTS: ReadonlyArray<{
  name: string
  koa: boolean
  make: Make
  templates: { users: string; sub: string }
}> = [
  ...EXPRESS_HOSTS.flatMap(({ name, express }) => [
    { name: `${name} (pulya/express)`, koa: false, make: expressApp(express, expressPulya) },
    { name: `${name} (pulya)`, koa: false, make: expressApp(express, rootPulya) }
  ]),
  ...KOA_HOSTS.flatMap(({ name, Koa }) => [
    { name: `${name} (pulya/koa)`, koa: true, make: koaApp(Koa, koaPulya) },
    { name: `${name} (pulya)`, koa: true, make: koaApp(Koa, rootPulya) }
  ])
].map((host) => ({ ...host, templates: { users: '/api/v1/users/:id', sub: '/sub/info' } as const }))

const open: Built[] = []
afterEach(async () => {
  for (const built of open.splice(0)) {
    built.release()
    await new Promise((resolve) => {
      built.server.close(resolve)
    })
  }
})

async function build(make: Make, options: object | null): Promise<Built> {
  const built = make(options)
  open.push(built)
  if (!built.server.listening) await new Promise((resolve) => built.server.once('listening', resolve))
  return built
}

/** Sends a request and destroys it before the answer (the server sees the client go away). */
function abort(server: Server, path: string): Promise<void> {
  const { port } = server.address() as AddressInfo
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path })
    req.on('error', () => {
      resolve()
    })
    req.end()
    setTimeout(() => {
      req.destroy()
      resolve()
    }, 50)
  })
}

/** Sends a request whose response breaks after its headers; resolves when the client sees the break. */
function broken(server: Server, path: string): Promise<unknown> {
  const { port } = server.address() as AddressInfo
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.on('data', () => {})
      res.on('error', () => {
        resolve(res.statusCode ?? 0)
      })
      res.on('close', () => {
        resolve(res.statusCode ?? 0)
      })
    })
    req.on('error', () => {
      resolve(0)
    })
    req.end()
  })
}

describe.each(HOSTS)('$name with metrics on', ({ make, koa, templates }) => {
  it('answers every request as vanilla does, byte for byte', async () => {
    const side = (name: string, options: object | null): Side<null> => ({
      name,
      app: null,
      serve: async () => (await build(make, options)).server
    })
    // Stack frames in development error pages are the documented difference (MIGRATION.md):
    // a run of frames is one marker, and its length is not compared.
    await expectSame(
      [side('vanilla', null), side('pulya', { metrics: { register: new Registry() } })],
      REQUESTS.map(([method, path]) => requests(method, path)).flat(),
      ERROR_PAGES
    )
  })

  it('records each request once under its full route template, unmatched ones under __unknown__', async () => {
    const built = await build(make, { metrics: { register: new Registry() } })
    for (const [method, path] of REQUESTS) await send(built.server, method, path)
    const middleware = built.middleware as Monitored
    await eventually(
      () => Object.values(middleware.metrics().routes).reduce((n, r) => n + r.count, 0) === REQUESTS.length
    )
    const { routes, active, shed, cache, process: proc } = middleware.metrics()
    const statuses = Object.fromEntries(Object.entries(routes).map(([route, r]) => [route, r.statuses]))
    expect(statuses).toEqual({
      [templates.users]: { 200: 2 },
      '/items': { 200: 2, 201: 1 },
      [templates.sub]: { 200: 1 },
      '/boom': { 500: 1 },
      '/stream': { 200: 1 },
      // No route answered: a raw middleware (Koa's status is still its default 404 then: the
      // client is sent 404), a 404, a method the route does not have.
      __unknown__: koa ? { 404: 2, 405: 1 } : { 200: 1, 404: 2 }
    })
    expect(active).toBe(0)
    expect(shed).toBe(0)
    expect(cache).toEqual(middleware.stats())
    expect(proc).not.toBeNull()
    expect(proc?.heapUsedBytes).toBeGreaterThan(0)
    const users = routes[templates.users]
    expect(users?.duration.counts.at(-1)).toBe(2)
    expect(users?.p99).toBeGreaterThan(0)
    const snapshot = middleware.metrics()
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot)
  })

  it('counts a request the client aborts once, as aborted, and one that breaks after its headers with the status it sent', async () => {
    const built = await build(make, { metrics: { register: new Registry() } })
    const middleware = built.middleware as Monitored
    const aborted = abort(built.server, '/hang')
    await eventually(() => middleware.metrics().active === 1)
    await aborted
    await eventually(() => middleware.metrics().active === 0)
    // The socket is destroyed right after the write: the client may or may not see the headers.
    await broken(built.server, '/late-error')
    await eventually(() => middleware.metrics().routes['/late-error'] !== undefined)
    built.release()
    await new Promise((resolve) => setTimeout(resolve, 20))
    const { routes } = middleware.metrics()
    expect(routes['/hang']?.statuses).toEqual({ aborted: 1 })
    expect(routes['/late-error']?.statuses).toEqual({ 200: 1 })
  })

  it("serves the exposition through metricsHandler(), with pulya's series and counters", async () => {
    const register = new Registry()
    const built = await build(make, { metrics: { register } })
    await send(built.server, 'GET', '/api/v1/users/1')
    await send(built.server, 'GET', '/nowhere')
    const middleware = built.middleware as Monitored
    await eventually(() => middleware.metrics().routes['__unknown__'] !== undefined)
    const text = await register.metrics()
    expect(text).toContain(
      `http_server_request_duration_seconds_count{method="GET",route="${templates.users}",status_code="200"} 1`
    )
    expect(text).toContain(
      'http_server_request_duration_seconds_bucket{le="+Inf",method="GET",route="__unknown__",status_code="404"} 1'
    )
    expect(text).toMatch(/^http_server_active_requests 0$/m)
    expect(text).toMatch(/^pulya_route_cache_misses_total \d+$/m)
    expect(text).toMatch(/^pulya_shed_requests_total 0$/m)
    const served = await send(built.server, 'GET', '/metrics')
    expect(served.status).toBe(200)
    expect(served.headers['content-type']).toBe(register.contentType)
    expect(served.body).toContain(`route="${templates.users}"`)
    expect(served.body).toContain('# TYPE http_server_request_duration_seconds histogram')
  })

  it('publishes every finished request on pulya:request:finish, with the route template', async () => {
    const built = await build(make, { metrics: { register: false } })
    const messages: FinishMessage[] = []
    const listener = (message: unknown): void => {
      messages.push(message as FinishMessage)
    }
    subscribe(FINISH_CHANNEL, listener)
    try {
      await send(built.server, 'GET', '/api/v1/users/3')
      await eventually(() => messages.length === 1)
    } finally {
      unsubscribe(FINISH_CHANNEL, listener)
    }
    const [message] = messages
    expect(message).toMatchObject({ method: 'GET', route: templates.users, statusCode: 200, aborted: false })
    expect(message?.durationMs).toBeGreaterThan(0)
    expect(message?.req).toBeTypeOf('object')
    expect(message?.res).toBeTypeOf('object')
    expect(message?.ctx !== undefined).toBe(koa)
  })

  it('with underPressure past a threshold, sheds new requests with a 503 before the app runs', async () => {
    const register = new Registry()
    const built = await build(make, {
      metrics: { register },
      underPressure: { maxHeapUsedBytes: 1, retryAfter: 7, sampleInterval: 25 }
    })
    const answer = await send(built.server, 'GET', '/items')
    expect(answer).toEqual({
      status: 503,
      headers: { 'retry-after': '7', 'content-type': 'text/plain; charset=utf-8', 'content-length': '19' },
      body: 'Service Unavailable'
    })
    expect(built.reached.count).toBe(0)
    expect((built.middleware as Monitored).metrics().shed).toBe(1)
    expect(await register.metrics()).toMatch(/^pulya_shed_requests_total 1$/m)
  })

  it('with underPressure under every threshold, lets requests through', async () => {
    const built = await build(make, {
      underPressure: {
        maxHeapUsedBytes: 1e15,
        maxRssBytes: 1e15,
        maxEventLoopDelay: 1e6,
        maxEventLoopUtilization: 1
      }
    })
    expect((await send(built.server, 'GET', '/items')).status).toBe(200)
    const snapshot = (built.middleware as Monitored).metrics()
    expect(snapshot.routes).toEqual({})
    expect(snapshot.shed).toBe(0)
    expect(snapshot.process?.sampleIntervalMs).toBe(1000)
  })
})

describe.each(HOSTS)('$name with metrics off', ({ make }) => {
  it('adds nothing to a request: no close listener, an empty snapshot', async () => {
    const counts: number[] = []
    let middleware: Monitored | null = null
    for (const options of [null, {}, { metrics: { register: false } }]) {
      const built = await build(make, options)
      middleware ??= built.middleware
      built.server.prependListener('request', (_req, res) => {
        setImmediate(() => {
          counts.push(res.listenerCount('close'))
        })
      })
      await send(built.server, 'GET', '/items')
    }
    // Vanilla, off, and on: on adds pulya's one listener, off adds none.
    expect(counts).toEqual([counts[0], counts[0], (counts[0] as number) + 1])
    expect(middleware?.metrics()).toEqual({
      routes: {},
      active: 0,
      shed: 0,
      cache: middleware?.stats(),
      process: null
    })
  })
})

describe.each(EXPRESS_HOSTS)('$name with router.use(pulya({ metrics }))', ({ express }) => {
  it('counts from the first request, the one that installs it, under its full template', async () => {
    const app = express()
    const router = express.Router()
    const m = expressPulya({ metrics: { register: false } })
    router.use(m as never)
    router.get('/users/:id', (_req, res) => {
      res.send('user')
    })
    app.use('/api', router as never)
    for (let i = 0; i < 3; i++)
      expect((await inject(app as never, { url: `/api/users/${i}` })).body).toBe('user')
    expect(await inject(app as never, { url: '/api/none' })).toMatchObject({ statusCode: 404 })
    const { routes, active } = m.metrics()
    expect(routes['/api/users/:id']).toMatchObject({ count: 3, statuses: { 200: 3 } })
    expect(routes['__unknown__']).toMatchObject({ count: 1, statuses: { 404: 1 } })
    expect(active).toBe(0)
  })
})

describe.each(EXPRESS_HOSTS)(
  '$name handing a request to another app as a function (as vhost does)',
  ({ express }) => {
    it("records it once when the other app answers, with the response on that app's prototypes", async () => {
      const other = express()
      other.get('/v/:id', (_req, res) => {
        res.status(202).send('other')
      })
      const app = express()
      const m = expressPulya({ metrics: { register: false } })
      app.use(m as never)
      app.use((req, res, next) => {
        ;(other as unknown as (q: unknown, s: unknown, n: unknown) => void)(req, res, next)
      })
      for (let i = 0; i < 2; i++)
        expect(await inject(app as never, { url: `/v/${i}` })).toMatchObject({
          statusCode: 202,
          body: 'other'
        })
      await eventually(() => m.metrics().routes['/v/:id']?.count === 2)
      expect(m.metrics().routes['/v/:id']).toMatchObject({ count: 2, statuses: { 202: 2 } })
      expect(m.metrics().active).toBe(0)
    })
  }
)

describe('a flood of unique unknown URLs', () => {
  const hosts = [
    {
      name: 'express@5',
      handler: (() => {
        const app = (EXPRESS_HOSTS[1]?.express as ExpressFactory)()
        const m = expressPulya({ metrics: { register: false } })
        app.use(m)
        app.get('/a/:id', (_q, s) => {
          s.send('a')
        })
        return { handler: app, m }
      })()
    },
    {
      name: 'koa@3',
      handler: (() => {
        const app = new (KOA_HOSTS[1]?.Koa as KoaClass)()
        const m = koaPulya({ metrics: { register: false } })
        app.use(m)
        const r = new KoaRouter()
        r.get('/a/:id', (ctx) => {
          ctx.body = 'a'
        })
        app.use(r.routes())
        return { handler: app.callback(), m }
      })()
    }
  ]
  // 20,000: past every bound pulya keeps on the way (the route cache's 1,024 entries, the body
  // memo's window of 1,024 and its cooldown of 16,384 requests), so state kept per URL shows here
  // as surely as at 100,000 — as more series, or as a count that is not the number of requests.
  const FLOOD = 20_000
  it.each(hosts)(
    '$name: 20,000 of them add one __unknown__ series, and nothing more',
    async ({ handler: { handler, m } }) => {
      for (let i = 0; i < FLOOD; i++) await inject(handler as never, { url: `/scan/${i}?q=${i}` })
      await inject(handler as never, { url: '/a/1' })
      const { routes } = m.metrics()
      expect(Object.keys(routes).sort()).toEqual(['/a/:id', '__unknown__'])
      expect(routes['__unknown__']?.count).toBe(FLOOD)
    },
    120_000
  )
})
