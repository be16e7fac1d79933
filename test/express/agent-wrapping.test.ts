/**
 * Agents wrap layers. With no agent loaded, this does to Express what
 * OpenTelemetry's express instrumentation does: after every `app.use`, `router.use` and
 * `router.route` it takes the stack's last layer (the app's router read before `app.use`,
 * the layer read after, so an empty stack throws as it does in the agent) and replaces the
 * layer's `handle` with a function that records the layer and proxies every enumerable key
 * of the original (getters and setters), the way agents keep a router's `stack` and `handle`
 * reachable through the wrapper. The same app, built vanilla and with pulya at each place,
 * must answer the same and run the same wrapped layers in the same order, while pulya really
 * accelerates the routers it reaches only through those wrappers.
 */
import { afterEach, expect, it } from 'vitest'
import request from 'supertest'
import type { Express, NextFunction, Request, Response } from 'express'
import { pulya } from '../../src/express/index.js'
import type { ExpressFactory } from '../helpers/hosts.js'
import {
  describeExpress,
  ERROR_PAGES,
  expectSame,
  req,
  serveExpress,
  sides
} from '../helpers/differential.js'

const PATCHED = Symbol('agent.patched')

interface Layer {
  handle: (...args: unknown[]) => unknown
  name?: string
  route?: { path: string }
  [PATCHED]?: boolean
}
interface Stacked {
  stack: Layer[]
}
type Method = (this: unknown, ...args: unknown[]) => unknown
interface Patchable {
  use: Method
  route: Method
}

/** Who ran, per request: the wrapped layers in the order Express called them. */
const seen: string[] = []
const restores: Array<() => void> = []

function wrapLast(stack: Layer[]): void {
  const layer = stack[stack.length - 1] as Layer
  if (layer[PATCHED] === true) return
  layer[PATCHED] = true
  const original = layer.handle
  // Express tells error handlers by their arity: the agent leaves them as they are.
  if (original.length === 4) return
  const label = layer.route?.path ?? layer.name ?? '?'
  const wrapped = function agentWrapped(
    this: unknown,
    req: Request,
    res: Response,
    next: NextFunction
  ): unknown {
    seen.push(`${req.baseUrl} ${label}`)
    return original.call(this, req, res, next)
  }
  for (const key in original) {
    Object.defineProperty(wrapped, key, {
      get: () => (original as unknown as Record<string, unknown>)[key],
      set: (value: unknown) => {
        ;(original as unknown as Record<string, unknown>)[key] = value
      }
    })
  }
  layer.handle = wrapped as Layer['handle']
}

function patch<T extends object>(
  target: T,
  name: keyof T & string,
  replacement: (original: Method) => Method
): void {
  const original = target[name] as unknown as Method
  ;(target as Record<string, unknown>)[name] = replacement(original)
  restores.push(() => {
    ;(target as Record<string, unknown>)[name] = original
  })
}

/** Instruments `express` as the agent does, until the test ends. */
function instrument(express: ExpressFactory): void {
  const proto = (typeof (express.Router as { prototype?: { route?: unknown } }).prototype?.route ===
  'function'
    ? (express.Router as unknown as { prototype: Patchable }).prototype
    : express.Router) as unknown as Patchable
  for (const name of ['use', 'route'] as const) {
    patch(
      proto,
      name,
      (original) =>
        function (this: unknown, ...args: unknown[]) {
          const result = original.apply(this, args)
          wrapLast((this as Stacked).stack)
          return result
        }
    )
  }
  const application = (express as unknown as { application: { use: Method } }).application
  patch(
    application,
    'use',
    (original) =>
      function (this: unknown, ...args: unknown[]) {
        const app = this as { router?: Stacked; _router?: Stacked; lazyrouter?: unknown }
        const router = typeof app.lazyrouter === 'function' ? app._router : app.router
        const result = original.apply(this, args)
        if (router !== undefined) wrapLast(router.stack)
        return result
      }
  )
}

afterEach(() => {
  while (restores.length > 0) (restores.pop() as () => void)()
})

type Place = 'vanilla' | 'first' | 'middle' | 'last'

function build(express: ExpressFactory, place: Place, mw: ReturnType<typeof pulya>): Express {
  const app = express()
  if (place === 'first') app.use(mw)
  app.use(function requestLog(_req: Request, _res: Response, next: NextFunction) {
    next()
  })
  app.param('name', (req: Request, _res: Response, next: NextFunction, name: string) => {
    ;(req as unknown as { greeted: string }).greeted = name
    next()
  })
  app.get('/hello/:name', (req: Request, res: Response) => {
    res.send(`hello ${(req as unknown as { greeted: string }).greeted}`)
  })
  if (place === 'middle') app.use(mw)
  const users = express.Router({ mergeParams: true })
  users.use(function usersAuth(_req: Request, _res: Response, next: NextFunction) {
    next()
  })
  users.get('/', (_req: Request, res: Response) => {
    res.json([1, 2])
  })
  users.get('/:id', (req: Request, res: Response, next: NextFunction) => {
    if (req.params['id'] === 'other') {
      next('route')
      return
    }
    res.json(req.params)
  })
  users.get('/:id', (req: Request, res: Response) => {
    res.send(`public ${String(req.params['id'])}`)
  })
  users.post('/', (_req: Request, res: Response) => {
    res.sendStatus(201)
  })
  users.get('/x/boom', () => {
    throw new Error('boom')
  })
  for (const name of ['a', 'b', 'c', 'd'])
    users.get(`/x/${name}`, (_req: Request, res: Response) => {
      res.send(name)
    })
  const v1 = express.Router()
  v1.use('/t/:tenant/users', users)
  for (const name of ['a', 'b', 'c', 'd', 'e', 'f'])
    v1.get(`/${name}`, (_req: Request, res: Response) => {
      res.send(name)
    })
  app.use('/v1', v1)
  for (const name of ['a', 'b', 'c', 'd', 'e'])
    app.get(`/s/${name}`, (_req: Request, res: Response) => {
      res.send(name)
    })
  app.use(function errorPage(err: Error, _req: Request, res: Response, next: NextFunction) {
    if (err.message !== 'boom') {
      next(err)
      return
    }
    res.status(500).send(err.message)
  })
  if (place === 'last') app.use(mw)
  return app
}

const PROBES = [
  req('GET', '/hello/ada'),
  req('GET', '/v1/t/acme/users'),
  req('GET', '/v1/t/acme/users/42'),
  req('GET', '/v1/t/acme/users/other'),
  req('POST', '/v1/t/acme/users'),
  req('GET', '/v1/t/acme/users/x/boom'),
  req('GET', '/v1/t/acme/users/x/d'),
  req('GET', '/v1/f'),
  req('GET', '/v1/nope'),
  req('GET', '/nope'),
  req('OPTIONS', '/v1/t/acme/users'),
  req('GET', '/s/e'),
  req('GET', '/v1/t/acme/users/42')
]

/** The wrapped layers that ran for the last request, in order (and forgets them). */
function ran(): string[] {
  return seen.splice(0)
}

describeExpress('with every layer wrapped as agents wrap them', ({ express }) => {
  it.each(['first', 'middle', 'last'] as const)(
    'pulya %s: same answers, same wrapped layers run, routers accelerated',
    async (place) => {
      instrument(express)
      const mw = pulya()
      await expectSame(
        sides(serveExpress, build(express, 'vanilla', pulya()), { pulya: build(express, place, mw) }),
        PROBES,
        { ...ERROR_PAGES, observe: ran }
      )
      // The nested routers were reached through the agent's wrappers and are served from the cache.
      expect(mw.stats().routers).toBeGreaterThanOrEqual(3)
      expect(mw.stats().hits).toBeGreaterThan(0)
    }
  )

  it('pulya as the first line leaves the agent a layer to read after app.use', () => {
    instrument(express)
    const app = express()
    expect(app.use(pulya())).toBe(app)
    app.get('/', (_req: Request, res: Response) => {
      res.send('ok')
    })
    const hosted = app as unknown as { router: Stacked; _router: Stacked; lazyrouter?: unknown }
    const stack = (typeof hosted.lazyrouter === 'function' ? hosted._router : hosted.router).stack
    expect(stack.map((layer) => layer.name)).not.toContain('mounted_app')
  })

  // OpenTelemetry's express instrumentation 0.47 (in @sentry/node 8) reads `this._router` after
  // `app.use` returns: Express 4 only (Express 5 has no `_router`; that agent does not run there).
  it.runIf(typeof (express() as { lazyrouter?: unknown }).lazyrouter === 'function')(
    "pulya as the first line leaves an older agent, reading the app's router after app.use, a layer too; the router is still born when Express would make it",
    async () => {
      const application = (express as unknown as { application: { use: Method } }).application
      patch(
        application,
        'use',
        (original) =>
          function (this: unknown, ...args: unknown[]) {
            const result = original.apply(this, args)
            wrapLast(((this as { _router?: Stacked })._router as Stacked).stack)
            return result
          }
      )
      const app = express()
      app.use(pulya())
      // Read when the router is born: after pulya's line, as without pulya.
      app.set('strict routing', true)
      app.get('/a', (_req: Request, res: Response) => {
        res.send('a')
      })
      await request(app).get('/a').expect(200, 'a')
      await request(app).get('/a/').expect(404)
      const bare = express()
      bare.use(pulya())
      // An app that never adds anything answers as one without a router: Express's 404.
      await expectSame(sides(serveExpress, express(), { pulya: bare }), [req('GET', '/')])
    }
  )
})
