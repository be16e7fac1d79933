/**
 * Warm-up: every router's index is built before the first request when pulya sees the app
 * start (`app.listen`, `createServer`, `warm(app)`); otherwise the first request of a router is
 * Express's own and the index is built right after it. Answers are vanilla's either way.
 */
import { afterEach, describe, expect, it } from 'vitest'
import request from 'supertest'
import type { Server } from 'node:http'
import type { Express, Request, Response } from 'express'
import { pulya, createServer, warm } from '../../../src/express/index.js'
import pulyaRoot, { warm as warmAny } from '../../../src/index.js'
import { installedContext } from '../../../src/express/install/install-context.js'
import { EXPRESS_HOSTS, type ExpressFactory } from '../../helpers/hosts.js'

const servers: Server[] = []
afterEach(() => {
  for (const server of servers.splice(0)) server.close()
})

/** An app with pulya, ten routes, a nested router of ten routes and a sub-app with a router of ten. */
function build(
  express: ExpressFactory,
  options?: Parameters<typeof pulya>[0]
): { app: Express; middleware: ReturnType<typeof pulya> } {
  const app = express()
  const middleware = pulya(options)
  app.use(middleware)
  const routes = (router: Express, prefix: string): void => {
    for (let i = 0; i < 10; i++)
      router.get(`${prefix}${i}/:id`, (req: Request, res: Response) => {
        res.send(`${prefix}${i} ${String(req.params['id'])}`)
      })
  }
  routes(app, '/r')
  const nested = express.Router()
  routes(nested, '/n')
  app.use('/nested', nested)
  const sub = express()
  const subRouter = express.Router()
  routes(subRouter, '/s')
  sub.use(subRouter)
  app.use('/sub', sub)
  return { app, middleware }
}

/** Resolves once the install's warm-up has built every index it was asked for. */
function warmedUp(app: Express): Promise<void> {
  const install = installedContext(app)
  if (install === undefined) throw new Error('pulya is not installed on this app')
  return install.warm.idle()
}

/** The ways a server starts that pulya sees. */
const STARTS: ReadonlyArray<readonly [string, (app: Express) => Server]> = [
  ['app.listen()', (app) => app.listen(0, '127.0.0.1')],
  ['createServer(app)', (app) => createServer(app).listen(0, '127.0.0.1')],
  ['pulya.createServer(app)', (app) => pulyaRoot.createServer(app).listen(0, '127.0.0.1')]
]

describe.each(EXPRESS_HOSTS)('$name warm-up', ({ name, express }) => {
  // Express 4 makes a sub-app's router eagerly, where pulya sees it at the mount; Express 5's is
  // a lazy getter pulya does not call early (that would move the router's birth), so a sub-app
  // whose router was born before the mount joins at its first request, served Express's way.
  const warmed = name === 'express@4' ? 4 : 2

  it('warm(app) builds every router pulya knows, nested routers included: their first requests are cache misses', async () => {
    const { app, middleware } = build(express)
    warmAny(app)
    expect(middleware.stats().routers).toBe(warmed)
    await request(app).get('/r1/a').expect(200, '/r1 a')
    expect(middleware.stats()).toMatchObject({ misses: 1, hits: 0 })
    await request(app).get('/nested/n2/b').expect(200, '/n2 b')
    expect(middleware.stats()).toMatchObject({ misses: 3, hits: 0 })
    await request(app).get('/sub/s3/c').expect(200, '/s3 c')
    // Express 4: the app's router and the sub-app's (warmed); Express 5: the app's router, the
    // sub-app's serving its first request Express's way.
    expect(middleware.stats()).toMatchObject({ misses: name === 'express@4' ? 5 : 4 })
    await warmedUp(app)
    // app router + nested + the sub-app's router + the router in it (Express 4: the sub-app's own
    // router is below smallStack), each with its index now.
    expect(middleware.stats().routers).toBe(4)
    await request(app).get('/sub/s3/c').expect(200, '/s3 c')
    expect(middleware.stats()).toMatchObject({ hits: name === 'express@4' ? 2 : 1 })
    warm(app)
    expect(middleware.stats().routers).toBe(4)
  })

  it('without warm-up, a router serves its first requests the host way and builds its index right after', async () => {
    const { app, middleware } = build(express)
    await Promise.all([
      request(app).get('/r1/a').expect(200, '/r1 a'),
      request(app).get('/r2/a').expect(200, '/r2 a')
    ])
    expect(middleware.stats()).toMatchObject({ misses: 0 })
    await warmedUp(app)
    await request(app).get('/r1/a').expect(200, '/r1 a')
    expect(middleware.stats()).toMatchObject({ misses: 1 })
    const eager = build(express, { warm: false })
    await request(eager.app).get('/r1/a').expect(200, '/r1 a')
    expect(eager.middleware.stats()).toMatchObject({ misses: 1 })
  })

  it.each(STARTS)(
    '%s starts building the indexes, off the request path; routes added afterwards still answer',
    async (_start, start) => {
      const { app, middleware } = build(express)
      servers.push(start(app))
      expect(middleware.stats().routers).toBe(warmed === 4 ? 2 : 1)
      await warmedUp(app)
      expect(middleware.stats().routers).toBe(warmed)
      app.get('/late/:id', (req: Request, res: Response) => {
        res.send(`late ${String(req.params['id'])}`)
      })
      await request(app).get('/late/1').expect(200, 'late 1')
      await request(app).get('/r1/a').expect(200, '/r1 a')
    }
  )

  it('with warm: false, starting a server builds nothing', async () => {
    const { app, middleware } = build(express, { warm: false })
    servers.push(app.listen(0, '127.0.0.1'))
    createServer(app).close()
    await warmedUp(app)
    expect(middleware.stats().routers).toBe(warmed === 4 ? 2 : 1)
  })

  it('warm(app) of an app without pulya builds nothing; anything but an app is refused', () => {
    const plain = express()
    plain.get('/x', (_req: Request, res: Response) => {
      res.send('x')
    })
    const hosted = plain as unknown as { router?: { stack: unknown[] }; _router?: { stack: unknown[] } }
    const stack = (hosted._router ?? hosted.router)?.stack
    const layers = stack === undefined ? [] : [...stack]
    warm(plain)
    expect((hosted._router ?? hosted.router)?.stack).toEqual(layers)
    expect(() => {
      warm({})
    }).toThrow('pulya: warm(app) expects an Express application')
  })
})
