/**
 * `app.listen()` and `createServer(app)` with request/response classes that already carry the
 * app's prototypes: the same answers as vanilla, prototypes where Express puts them, sub-apps
 * still switching.
 */
import { afterEach, describe, expect, it } from 'vitest'
import http, { type Server } from 'node:http'
import https from 'node:https'
import express5 from 'express'
import type { AddressInfo } from 'node:net'
import type { Express, NextFunction, Request, Response } from 'express'
import { pulya, createServer } from '../../../src/express/index.js'
import { pulya as universal } from '../../../src/index.js'
import { creatingServersWith, serverClasses } from '../../../src/express/install/server-classes.js'
import { EXPRESS_HOSTS, type ExpressFactory } from '../../helpers/hosts.js'
import { expectSame, gets, sides, text } from '../../helpers/differential.js'

const servers: Server[] = []
afterEach(() => {
  for (const server of servers.splice(0)) server.close()
})

function get(
  server: Server,
  path: string
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const { port } = server.address() as AddressInfo
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path }, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          body += chunk
        })
        res.on('end', () => {
          const headers = { ...res.headers }
          delete headers.date
          resolve({ status: res.statusCode ?? 0, body, headers })
        })
      })
      .on('error', reject)
  })
}

function listen(app: Express): Promise<Server> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      resolve(server)
    })
    servers.push(server)
  })
}

function build(express: ExpressFactory, withPulya: boolean): Express {
  const app = express()
  if (withPulya) app.use(pulya())
  const sub = express()
  sub.get('/who', (req: Request, res: Response) => {
    res.json({ sub: req.app === sub, proto: Object.getPrototypeOf(req) === sub.request, base: req.baseUrl })
  })
  app.get('/', (req: Request, res: Response) => {
    res.json({
      app: req.app === app,
      proto: Object.getPrototypeOf(req) === app.request,
      resProto: Object.getPrototypeOf(res) === app.response,
      incoming: req instanceof http.IncomingMessage,
      outgoing: res instanceof http.ServerResponse,
      constructors: req.constructor === http.IncomingMessage && res.constructor === http.ServerResponse,
      extended: (req as unknown as { extended?: string }).extended
    })
  })
  app.use('/sub', sub)
  app.use((req: Request, _res: Response, next: NextFunction) => {
    // Back from the sub-app: the parent's prototypes again.
    ;(req as unknown as { after: boolean }).after =
      req.app === app && Object.getPrototypeOf(req) === app.request
    next()
  })
  app.get('/sub/back', (req: Request, res: Response) => {
    res.json({ after: (req as unknown as { after: boolean }).after })
  })
  for (let i = 0; i < 10; i++)
    app.get(`/r${i}/:id`, (req: Request, res: Response) => {
      res.json(req.params)
    })
  return app
}

describe.each(EXPRESS_HOSTS)('$name server classes', ({ express }) => {
  it('app.listen() answers as vanilla, with the prototypes in place from birth', async () => {
    const requestProto = (express as unknown as { request: Record<string, unknown> }).request
    requestProto['extended'] = 'by express.request'
    try {
      const results = await expectSame(
        sides(listen, build(express, false), { pulya: build(express, true) }),
        gets('/', '/sub/who', '/sub/back', '/r3/x', '/nope')
      )
      expect(JSON.parse(text(results[0]))).toEqual({
        app: true,
        proto: true,
        resProto: true,
        incoming: true,
        outgoing: true,
        constructors: true,
        extended: 'by express.request'
      })
      expect(JSON.parse(text(results[2]))).toEqual({ after: true })
    } finally {
      delete requestProto['extended']
    }
  })

  it.each([
    ['createServer(app)', createServer],
    ['pulya.createServer(app)', universal.createServer]
  ] as const)('%s builds such a server too, once per app', async (_name, make) => {
    const app = build(express, false)
    const parent = Object.getPrototypeOf(app.request) as object
    const server = make(app, { keepAliveTimeout: 1000 })
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    // The class's prototype took the place of app.request: the same chain, the same own keys.
    expect(Object.getPrototypeOf(app.request)).toBe(parent)
    expect(Object.keys(app.request)).toEqual(['app'])
    expect(JSON.parse((await get(server, '/')).body)).toMatchObject({ app: true, proto: true })
    expect(server.keepAliveTimeout).toBe(1000)
    const request = app.request
    const again = make(app)
    expect(app.request).toBe(request)
    again.close()
  })

  it('serverClasses: false leaves listen alone', () => {
    const app = express()
    const before = Object.getOwnPropertyDescriptor(app, 'listen')
    app.use(pulya({ serverClasses: false, warm: false }))
    expect(Object.getOwnPropertyDescriptor(app, 'listen')).toEqual(before)
  })

  // Last in its block: light-my-request re-parents the Express module's own request/response
  // objects, which real servers of that Express copy answer through afterwards.
  it("leaves the app's request and response objects and their prototype chains as vanilla has them (light-my-request patches that chain)", async () => {
    const { default: inject } = await import('light-my-request')
    const apps = [false, true].map((withPulya) => {
      const app = build(express, withPulya)
      const objects = [
        app.request,
        app.response,
        Object.getPrototypeOf(app.request),
        Object.getPrototypeOf(app.response)
      ]
      return { app, objects }
    })
    for (const { app, objects } of apps) {
      await listen(app)
      expect([
        app.request,
        app.response,
        Object.getPrototypeOf(app.request),
        Object.getPrototypeOf(app.response)
      ]).toEqual(objects)
    }
    const answers: unknown[] = []
    for (const { app } of apps) {
      // As Fastify's inject and serverless adapters' tests call an app: their own req/res.
      const injected = await inject(app as never, { url: '/r1/7' })
      answers.push([injected.statusCode, injected.payload])
    }
    expect(answers).toEqual([
      [200, '{"id":"7"}'],
      [200, '{"id":"7"}']
    ])
  })
})

describe('creatingServersWith', () => {
  const classes = serverClasses(express5())
  const requestClass = (server: object): unknown =>
    Object.getOwnPropertySymbols(server)
      .filter((symbol) => symbol.description === 'IncomingMessage')
      .map((symbol) => (server as Record<symbol, unknown>)[symbol])[0]

  it.each([
    ['http.createServer()', () => http.createServer()],
    ['http.createServer(listener)', () => http.createServer(() => undefined)],
    [
      'http.createServer(options, listener)',
      () => http.createServer({ keepAliveTimeout: 1 }, () => undefined)
    ],
    ['https.createServer(options)', () => https.createServer({})]
  ])('gives %s the classes, for that call only', (_call, create) => {
    const server = creatingServersWith(classes, create)
    expect(requestClass(server)).toBe(classes.IncomingMessage)
    expect(requestClass(create())).toBe(http.IncomingMessage)
  })

  it('puts createServer back when the call throws', () => {
    const own = http.createServer
    expect(() =>
      creatingServersWith(classes, () => {
        throw new Error('no server')
      })
    ).toThrow('no server')
    expect(http.createServer).toBe(own)
  })
})
