/**
 * `routeOf(req)` on Express 4 and 5, vanilla and with pulya: the full template of the route
 * that answered, with every mount prefix; `undefined` when no route answered.
 */
import { describe, expect, it } from 'vitest'
import type { Response as TestResponse } from 'supertest'
import request from 'supertest'
import type { Express, NextFunction, Request, Response } from 'express'
import { pulya, routeOf } from '../../../src/express/index.js'
import { routeOf as rootRouteOf } from '../../../src/index.js'
import { EXPRESS_HOSTS, type ExpressFactory } from '../../helpers/hosts.js'

/** Answers every request with `routeOf(req)` as JSON (`null` for `undefined`), from wherever it answers. */
interface Body {
  route: string | null
  root?: string | null
}
const bodyOf = (res: TestResponse): Body => res.body as Body

function reply(req: Request, res: Response): void {
  res.json({ route: routeOf(req) ?? null, root: rootRouteOf(req) ?? null })
}

function build(express: ExpressFactory, withPulya: boolean, star: string): Express {
  const app = express()
  if (withPulya) app.use(pulya())
  app.get('/', reply)
  app.get('/users/:id', reply)
  app.route('/items/:item').get(reply).post(reply)
  const users = express.Router()
  users.get('/', reply)
  users.get('/:id/posts/:post', reply)
  const nested = express.Router()
  nested.get('/deep/:x', reply)
  users.use('/:id/nested', nested)
  app.use('/api/v1/users', users)
  // next('route'): the route that finally answers wins.
  app.get('/skip/:a', (_req: Request, _res: Response, next: NextFunction) => {
    next('route')
  })
  app.get('/skip/:b', reply)
  // A sub-app, mounted under a router-less prefix, with a router inside.
  const sub = express()
  sub.get('/info', reply)
  const subRouter = express.Router()
  subRouter.get('/:name', reply)
  sub.use('/things', subRouter)
  app.use('/sub', sub)
  app.get('/files/' + star, reply)
  app.get('/boom/:id', () => {
    throw new Error('boom')
  })
  app.get(/^\/regexp$/, reply)
  // No route answers: a plain middleware.
  app.use('/plain', reply)
  app.use((err: Error, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err)
      return
    }
    res.status(500).json({ route: routeOf(req) ?? null, error: err.message })
  })
  return app
}

const CASES: ReadonlyArray<readonly [string, string | null]> = [
  ['/', '/'],
  ['/users/42', '/users/:id'],
  ['/items/7', '/items/:item'],
  ['/api/v1/users', '/api/v1/users'],
  ['/api/v1/users/', '/api/v1/users'],
  ['/api/v1/users/3/posts/9', '/api/v1/users/:id/posts/:post'],
  ['/api/v1/users/3/nested/deep/z', '/api/v1/users/:id/nested/deep/:x'],
  ['/skip/1', '/skip/:b'],
  ['/sub/info', '/sub/info'],
  ['/sub/things/bolt', '/sub/things/:name'],
  ['/boom/5', '/boom/:id'],
  ['/regexp', null],
  ['/plain/x', null]
]

/** Each host, vanilla and with pulya. */
const MATRIX = EXPRESS_HOSTS.flatMap(({ name, express }) =>
  [false, true].map((withPulya) => ({
    title: `${name}${withPulya ? ' with pulya' : ''}`,
    express,
    withPulya,
    star: name === 'express@4' ? '*' : '*path'
  }))
)

describe.each(MATRIX)('routeOf on $title', ({ express, withPulya, star }) => {
  const app = build(express, withPulya, star)
  it.each(CASES)('%s → %s', async (path, expected) => {
    const res = await request(app).get(path)
    expect(bodyOf(res).route).toBe(expected)
    if (res.status === 200) expect(bodyOf(res).root).toBe(expected)
  })
  it('reads the route of a path with a wildcard in the host syntax', async () => {
    const res = await request(app).get('/files/a/b.txt')
    expect(bodyOf(res).route).toBe('/files/' + star)
  })
  it('answers the same route for every method of app.route()', async () => {
    expect(bodyOf(await request(app).post('/items/1')).route).toBe('/items/:item')
  })
})

describe.each(EXPRESS_HOSTS)(
  'routeOf on $name: a sub-app route that passes the request on',
  ({ express }) => {
    // The route that dispatched last stays on req.route, as for a router's route that calls next():
    // routeOf names it from the parent app once the route tree knows the sub-app (route-tree.ts).
    function passing(withPulya: boolean): Express {
      const app = express()
      if (withPulya) app.use(pulya())
      const sub = express()
      sub.get('/pass/:id', (_req: Request, _res: Response, next: NextFunction) => {
        next()
      })
      app.use('/sub', sub)
      app.use((req: Request, res: Response) => {
        res.status(404).json({ route: routeOf(req) ?? null, parent: req.app === app })
      })
      return app
    }
    it('is named with its mount prefix when pulya saw the sub-app mounted', async () => {
      const res = await request(passing(true)).get('/sub/pass/1').expect(404)
      expect(res.body).toEqual({ route: '/sub/pass/:id', parent: true })
    })
    it('cannot be told without pulya: Express keeps no link from the parent to the sub-app', async () => {
      const res = await request(passing(false)).get('/sub/pass/1').expect(404)
      expect(res.body).toEqual({ route: null, parent: true })
    })
  }
)

describe('routeOf on requests it cannot read', () => {
  it('is undefined with no route, no app or no router', () => {
    expect(routeOf({})).toBeUndefined()
    expect(routeOf({ route: { path: '/a' } })).toBeUndefined()
    expect(routeOf({ route: { path: '/a' }, app: {} })).toBeUndefined()
    expect(routeOf({ route: { path: '/a' }, app: { _router: { stack: [] } } })).toBeUndefined()
  })
  it('is undefined when a mount on the way is a RegExp or the app is mounted on a path array', () => {
    const route = { path: '/x' }
    const mount = { handle: { stack: [{ route, handle: null }] }, regexp: /^\/a|b/, match: () => true }
    expect(routeOf({ route, app: { _router: { stack: [mount] } } })).toBeUndefined()
    const router = { stack: [{ route, handle: null }] }
    expect(routeOf({ route, app: { _router: router, mountpath: ['/a', '/b'], parent: {} } })).toBeUndefined()
  })
  it('does not loop on a router mounted inside itself', () => {
    const stack: unknown[] = []
    stack.push({ handle: { stack }, regexp: /^\/a\/?(?=\/|$)/i, keys: [] })
    expect(routeOf({ route: { path: '/x' }, app: { _router: { stack } } })).toBeUndefined()
  })
})
