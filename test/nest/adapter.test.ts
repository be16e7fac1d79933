/**
 * `PulyaExpressAdapter` itself: its server is made with pulya's server classes (http and https),
 * every router is indexed once Nest has registered its routes, `routeOf` and the metrics label
 * give Nest's full templates, and `ExpressAdapter`'s own behaviours stay (the app options, CORS,
 * static assets, `close()`).
 */
import { afterEach, describe, expect, it } from 'vitest'
import http, { type Server } from 'node:http'
import https from 'node:https'
import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import request from 'supertest'
import type { INestApplication } from '@nestjs/common'
import type { Express, NextFunction, Request, Response } from 'express'
import { pulya } from '../../src/express/index.js'
import { routeOf } from '../../src/nest/index.js'
import { expectSame, gets, req } from '../helpers/differential.js'
import { NEST_MAJORS, createNest, nestHost, serveNest, type AppOptions, type NestHost } from './_nest.js'

const FIXTURES = new URL('../fixtures/nest-app/', import.meta.url)
const TLS = {
  key: readFileSync(new URL('tls/key.pem', FIXTURES)),
  cert: readFileSync(new URL('tls/cert.pem', FIXTURES))
}

const apps: INestApplication[] = []
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()))
})

async function started(
  host: NestHost,
  adapter: object,
  options: AppOptions = {},
  setup?: (app: INestApplication) => void
): Promise<INestApplication> {
  const app = await createNest(host, adapter, options)
  apps.push(app)
  host.configure(app, 'uri')
  setup?.(app)
  await app.listen(0, '127.0.0.1')
  return app
}

/** The request class a Node server makes its requests with. */
function requestClassOf(server: object): { prototype: object } {
  const key = Object.getOwnPropertySymbols(server).find((symbol) => symbol.description === 'IncomingMessage')
  const found =
    key === undefined ? undefined : (server as Record<symbol, { prototype: object } | undefined>)[key]
  if (found === undefined) throw new Error('no IncomingMessage class on this server')
  return found
}

function httpsGet(server: Server, path: string): Promise<{ status: number; body: string }> {
  const { port } = server.address() as AddressInfo
  return new Promise((resolve, reject) => {
    https
      .get({ host: '127.0.0.1', port, path, ca: TLS.cert, servername: 'localhost' }, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          body += chunk
        })
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body })
        })
      })
      .on('error', reject)
  })
}

describe.each(NEST_MAJORS.map((major) => ({ major })))('nest@$major PulyaExpressAdapter', ({ major }) => {
  const host = nestHost(major)

  it('makes its server with the app’s request and response classes; ExpressAdapter’s does not', async () => {
    const adapter = new host.PulyaExpressAdapter()
    const app = await started(host, adapter)
    const express = adapter.getInstance<{ request: object; response: object }>()
    expect(app.getHttpServer()).toBeInstanceOf(http.Server)
    expect(requestClassOf(app.getHttpServer() as object).prototype).toBe(express.request)
    const stock = await started(host, new host.ExpressAdapter())
    expect(requestClassOf(stock.getHttpServer() as object)).toBe(http.IncomingMessage)
  })

  it('with httpsOptions, an https server with the same classes, answering as ExpressAdapter’s', async () => {
    const adapter = new host.PulyaExpressAdapter()
    const app = await started(host, adapter, { httpsOptions: TLS })
    const stock = await started(host, new host.ExpressAdapter(), { httpsOptions: TLS })
    const server = app.getHttpServer() as Server
    expect(server).toBeInstanceOf(https.Server)
    expect(requestClassOf(server).prototype).toBe(adapter.getInstance<{ request: object }>().request)
    const answers = await Promise.all(
      [stock, app].map((nest) => httpsGet(nest.getHttpServer() as Server, '/api/v1/users/2'))
    )
    expect(answers[1]).toEqual(answers[0])
    expect(answers[1]).toEqual({ status: 200, body: '{"id":2,"name":"Grace"}' })
  })

  it('with serverClasses: false, Node’s own classes', async () => {
    const app = await started(host, new host.PulyaExpressAdapter({ serverClasses: false }))
    expect(requestClassOf(app.getHttpServer() as object)).toBe(http.IncomingMessage)
  })

  it('indexes every router after init(): the first request is served by the index, as after listen()', async () => {
    const adapter = new host.PulyaExpressAdapter()
    const app = await createNest(host, adapter)
    apps.push(app)
    host.configure(app, 'uri')
    await app.init()
    expect(adapter.stats().routers).toBeGreaterThan(0)
    await request(app.getHttpServer() as Server)
      .get('/api/v1/users/1')
      .expect(200, { id: 1, name: 'Ada' })
    expect(adapter.stats()).toMatchObject({ misses: 1, hits: 0 })
    // Stock adapter, pulya added after create: its first request is Express's own.
    const stock = await started(host, new host.ExpressAdapter())
    const middleware = pulya()
    stock.use(middleware)
    await request(stock.getHttpServer() as Server)
      .get('/api/v1/users/1')
      .expect(200)
    expect(middleware.stats()).toMatchObject({ misses: 0 })
  })

  it('with warm: false, nothing is built at init(): a router builds its index at its first request, which it serves', async () => {
    const adapter = new host.PulyaExpressAdapter({ warm: false })
    const app = await createNest(host, adapter)
    apps.push(app)
    host.configure(app, 'uri')
    await app.init()
    await request(app.getHttpServer() as Server)
      .get('/api/v1/users/2')
      .expect(200, { id: 2, name: 'Grace' })
    expect(adapter.stats()).toMatchObject({ misses: 1, hits: 0 })
  })

  it('gives Nest’s full route templates to routeOf and to the metrics', async () => {
    const adapter = new host.PulyaExpressAdapter({ metrics: true })
    const seen: Array<string | undefined> = []
    const app = await started(host, adapter, {}, (nest) => {
      // As docs/nest.md shows it: after create, before listen (init adds Nest's 404 handler).
      adapter.getInstance<Express>().get('/metrics', adapter.metricsHandler())
      nest.use((req: Request, res: Response, next: NextFunction) => {
        res.on('finish', () => seen.push(routeOf(req)))
        next()
      })
    })
    const server = app.getHttpServer() as Server
    await request(server).get('/api/v1/users/1').expect(200)
    await request(server).get('/api/v2/users/2').expect(200)
    await request(server).get('/api/items/7').expect(200)
    await request(server).get('/nope').expect(404)
    expect(seen).toEqual(['/api/v1/users/:id', '/api/v2/users/:id', '/api/items/:id', undefined])
    expect(Object.keys(adapter.metrics().routes)).toEqual(
      expect.arrayContaining(['/api/v1/users/:id', '/api/v2/users/:id', '/api/items/:id'])
    )
    const exposition = await request(server).get('/metrics').expect(200)
    expect(exposition.text).toContain('/api/v1/users/:id')
  })

  it.each([
    ['(options)', (Adapter: NestHost['PulyaExpressAdapter']) => new Adapter({ cache: { max: 7 } })],
    [
      '(instance, options)',
      (Adapter: NestHost['PulyaExpressAdapter'], express: unknown) => new Adapter(express, {})
    ],
    ['(undefined, options)', (Adapter: NestHost['PulyaExpressAdapter']) => new Adapter(undefined, {})],
    ['()', (Adapter: NestHost['PulyaExpressAdapter']) => new Adapter()]
  ])('takes %s as ExpressAdapter takes its instance', async (_form, make) => {
    const express = new host.ExpressAdapter().getInstance<Express>()
    const adapter = make(host.PulyaExpressAdapter, express)
    const app = await started(host, adapter)
    await request(app.getHttpServer() as Server)
      .get('/api/items/1')
      .expect(200, { data: { id: '1' } })
    expect(adapter.stats().routers).toBeGreaterThan(0)
  })

  it('refuses an instance that is not an Express app, and options pulya does not know', () => {
    // A function with `use`, as Nest 11's constructor calls it.
    const notExpress = Object.assign(() => undefined, { use: () => undefined })
    expect(() => new host.PulyaExpressAdapter(notExpress)).toThrow(
      'pulya: PulyaExpressAdapter expects an Express application'
    )
    expect(() => new host.PulyaExpressAdapter({ cache: { max: -1 } })).toThrow(/cache/)
  })

  it('keeps ExpressAdapter’s app options, static assets and close() with forceCloseConnections', async () => {
    const sides = (options: AppOptions) => [
      {
        name: 'vanilla',
        app: null,
        serve: () => serveNest(host, new host.ExpressAdapter(), 'uri', options)
      },
      {
        name: 'PulyaExpressAdapter',
        app: null,
        serve: () => serveNest(host, new host.PulyaExpressAdapter(), 'uri', options)
      }
    ]
    const echo = {
      method: 'POST',
      path: '/api/misc/echo',
      headers: { 'Content-Type': 'application/json' },
      body: '{"a":1}'
    }
    await expectSame(sides({ bodyParser: false }), [echo])
    await expectSame(sides({ rawBody: true }), [echo])
    const assets = fileURLToPath(new URL('public/', FIXTURES))
    await expectSame(
      [
        { name: 'vanilla', app: null, serve: () => withAssets(host, new host.ExpressAdapter(), assets) },
        {
          name: 'PulyaExpressAdapter',
          app: null,
          serve: () => withAssets(host, new host.PulyaExpressAdapter(), assets)
        }
      ],
      [...gets('/hello.txt', '/nothing.txt', '/api/items'), req('HEAD', '/hello.txt')]
    )
    const closing = await started(host, new host.PulyaExpressAdapter(), { forceCloseConnections: true })
    const agent = new http.Agent({ keepAlive: true })
    await request(closing.getHttpServer() as Server)
      .get('/api/items')
      .agent(agent)
      .expect(200)
    await closing.close()
    agent.destroy()
    expect((closing.getHttpServer() as Server).listening).toBe(false)
  })
})

async function withAssets(host: NestHost, adapter: object, assets: string): Promise<Server> {
  const app = await createNest(host, adapter)
  ;(app as unknown as { useStaticAssets(path: string): void }).useStaticAssets(assets)
  await app.listen(0, '127.0.0.1')
  return app.getHttpServer() as Server
}
