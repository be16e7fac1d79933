/**
 * The route tree walk both `routeOf` and `pulya routes` use: every layer in the order Express
 * tries them, with the template of the mounts above it; nested routers and recorded sub-apps
 * entered the same way, for both users.
 */
import { describe, expect, it } from 'vitest'
import request from 'supertest'
import type { Express, NextFunction, Request, Response } from 'express'
import { pulya, routeOf } from '../../../src/express/index.js'
import {
  UNREADABLE,
  appStack,
  innerStack,
  joinMount,
  recordMountedApps,
  routeTemplate,
  walkRouteTree
} from '../../../src/express/routing/route-tree.js'
import { layerTemplate, type ExpressLayer } from '../../../src/express/routing/layer-pattern.js'
import { discoverRoutes } from '../../../src/cli/routes.js'
import { EXPRESS_HOSTS, type ExpressFactory } from '../../helpers/hosts.js'

const noop = (_req: Request, res: Response): void => {
  res.send('ok')
}

/** Every route the walk meets, as `template (exact)`. */
function routesOf(app: unknown): string[] {
  const seen: string[] = []
  walkRouteTree(appStack(app), (layer, prefix, exact) => {
    if (layer.route === undefined) return false
    const template = layerTemplate(layer)
    seen.push(
      `${routeTemplate(prefix, template ?? UNREADABLE)}${exact && template !== undefined ? '' : ' (inexact)'}`
    )
    return false
  })
  return seen
}

/** An app with a sub-app at `/admin`, mounted by `app.use` (recorded only by whoever saw it). */
function withSubApp(
  express: ExpressFactory,
  before?: (app: Express) => void
): { app: Express; admin: Express } {
  const app = express()
  before?.(app)
  const admin = express()
  admin.get('/stats', noop)
  admin.get('/pass', (_req: Request, _res: Response, next: NextFunction) => {
    next()
  })
  app.use('/admin', admin)
  app.use((req: Request, res: Response) => {
    res.status(404).json({ route: routeOf(req) ?? null })
  })
  return { app, admin }
}

describe.each(EXPRESS_HOSTS)('$name route tree', ({ express }) => {
  it('visits nested routers depth first, in stack order, with their mount prefixes', () => {
    const app = express()
    app.get('/', noop)
    const users = express.Router()
    users.get('/', noop)
    users.get('/:id', noop)
    const posts = express.Router()
    posts.get('/:post', noop)
    users.use('/:id/posts', posts)
    app.use('/users', users)
    app.use(/^\/re/, posts)
    app.get('/last', noop)
    expect(routesOf(app)).toEqual([
      '/',
      '/users',
      '/users/:id',
      '/users/:id/posts/:post',
      '<regexp>/:post (inexact)',
      '/last'
    ])
  })

  it('walks a router mounted at two places at each, and does not enter a router inside itself', () => {
    const app = express()
    const shared = express.Router()
    shared.get('/x', noop)
    shared.use('/again', shared)
    app.use('/a', shared)
    app.use('/b', shared)
    expect(routesOf(app)).toEqual(['/a/x', '/b/x'])
  })

  it('stops where a visit says so', () => {
    const app = express()
    app.get('/one', noop)
    app.get('/two', noop)
    const met: string[] = []
    const stopped = walkRouteTree(appStack(app), (layer) => {
      if (layer.route !== undefined) met.push(String(layerTemplate(layer)))
      return met.length === 1
    })
    expect(stopped).toBe(true)
    expect(met).toEqual(['/one'])
  })

  describe('a sub-app', () => {
    it('is opaque while nobody recorded it: Express keeps no link to it', async () => {
      const { app } = withSubApp(express)
      expect(routesOf(app)).toEqual([])
      expect(discoverRoutes(app, 'express')).toEqual([])
      expect((await request(app).get('/admin/pass').expect(404)).body).toEqual({ route: null })
    })

    it('recorded as `pulya routes` records it, is listed with its mount prefix (pulya routes)', () => {
      const app = express()
      const admin = express()
      admin.get('/stats', noop)
      app.use('/admin', admin)
      // What the CLI's patched `application.use` does after each call (cli/load.ts).
      recordMountedApps(app, [admin])
      expect(discoverRoutes(app, 'express')).toEqual([
        { methods: ['GET'], path: '/admin/stats', exact: true }
      ])
    })

    it('recorded by pulya’s install, is entered like a nested router (routeOf, pulya routes)', async () => {
      const { app, admin } = withSubApp(express, (parent) => parent.use(pulya()))
      const mount = appStack(app)?.find((layer) => innerStack(layer) !== undefined) as ExpressLayer
      expect(innerStack(mount)).toBe(appStack(admin))
      expect(routesOf(app)).toEqual(['/admin/stats', '/admin/pass'])
      expect(discoverRoutes(app, 'express').map((route) => route.path)).toEqual([
        '/admin/stats',
        '/admin/pass'
      ])
      // A sub-app route that passes the request on is named from the parent app, as a router's is.
      expect((await request(app).get('/admin/pass').expect(404)).body).toEqual({ route: '/admin/pass' })
    })
  })

  it('records nothing for an app without a router, or layers that are not a mounted app', () => {
    const sub = express()
    const bare = { _router: undefined, router: undefined }
    expect(() => {
      recordMountedApps(bare, [sub])
    }).not.toThrow()
    const app = express()
    const router = express.Router()
    router.get('/x', noop)
    app.use('/r', router)
    recordMountedApps(app, [sub])
    const layer = appStack(app)?.at(-1) as ExpressLayer
    expect(innerStack(layer)).toBe((router as unknown as { stack: unknown }).stack)
  })
})

describe('innerStack', () => {
  const match = (): boolean => true
  it.each([
    ['a route', { route: {}, handle: { stack: [] }, match }],
    ['a layer without a handle', { handle: null, match }],
    ['a plain middleware', { handle: noop, match }],
    ['a handle whose stack is not an array', { handle: { stack: 'no' }, match }]
  ])('is undefined for %s', (_name, layer) => {
    expect(innerStack(layer as ExpressLayer)).toBeUndefined()
  })
})

describe('templates', () => {
  it.each([
    ['', '', ''],
    ['', '/api', '/api'],
    ['/api', '', '/api'],
    ['/api', '/', '/api'],
    ['/', '/v1', '/v1'],
    ['/api', '/v1', '/api/v1']
  ])('joinMount(%j, %j) is %j', (prefix, mount, joined) => {
    expect(joinMount(prefix, mount)).toBe(joined)
  })

  it.each([
    ['', '/', '/'],
    ['/users', '/', '/users'],
    ['/users', '/:id', '/users/:id'],
    ['', '/x', '/x']
  ])('routeTemplate(%j, %j) is %j', (prefix, path, template) => {
    expect(routeTemplate(prefix, path)).toBe(template)
  })
})
