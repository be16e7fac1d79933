/**
 * Route discovery (every route with its full template, in the host's order) and findRoute (the
 * template that answers a request, by the hosts' own matchers).
 */
import Router from '@koa/router'
import express from 'express'
import Koa from 'koa'
import { describe, expect, it } from 'vitest'
import { EXPRESS_HOSTS } from '../helpers/hosts.js'
import { layerTemplate } from '../../src/express/routing/layer-pattern.js'
import { discoverRoutes, findRoute, formatRoutes } from '../../src/cli/routes.js'

const express4 = (EXPRESS_HOSTS[0] as (typeof EXPRESS_HOSTS)[number]).express as unknown as typeof express

describe('discoverRoutes', () => {
  it('Express 4: mounts, a RegExp route shown but never requested', () => {
    const app = express4()
    const api = express4.Router()
    api.get('/a/:id?', () => undefined)
    api.all('/any', () => undefined)
    app.use('/api', api)
    const posts = express4.Router()
    posts.get('/:pid', () => undefined)
    app.use('/u/:uid/v1.0', posts)
    app.get(/^\/re/, () => undefined)
    app.get('/opt(ional)?', () => undefined)
    app.use((_req: unknown, _res: unknown, next: () => void) => {
      next()
    })
    const routes = discoverRoutes(app)
    expect(routes).toEqual([
      { methods: ['GET'], path: '/api/a/:id?', exact: true },
      { methods: ['ALL'], path: '/api/any', exact: true },
      { methods: ['GET'], path: '/u/:uid/v1.0/:pid', exact: true },
      { methods: ['GET'], path: '<regexp>', exact: false },
      { methods: ['GET'], path: '/opt(ional)?', exact: true }
    ])
    expect(formatRoutes(routes)).toContain('<regexp>  (not readable: never requested)')
  })

  it('Express 5: a route at a mount root; a sub-app loaded without the recorder is not walked', () => {
    const app = express()
    const sub = express.Router()
    sub.get('/', () => undefined)
    app.use('/s', sub)
    app.get('/', () => undefined)
    app.get('/', () => undefined)
    expect(discoverRoutes(app).map((r) => r.path)).toEqual(['/s', '/', '/'])
    expect(discoverRoutes({})).toEqual([])
  })

  it('Koa: a non-string layer path is shown, not requested; middleware layers are not routes', () => {
    const app = {
      middleware: [
        Object.assign(() => undefined, {
          router: {
            stack: [
              { path: /^\/x/, methods: ['GET'] },
              { path: '/m', methods: [] }
            ]
          }
        }),
        () => undefined
      ]
    }
    expect(discoverRoutes(app, 'koa')).toEqual([{ methods: ['GET'], path: '/^\\/x/', exact: false }])
  })

  it('formats an aligned table', () => {
    expect(
      formatRoutes([
        { methods: ['GET', 'POST'], path: '/items', exact: true },
        { methods: ['GET'], path: '/', exact: true }
      ])
    ).toBe('METHOD    PATH\nGET,POST  /items\nGET       /\n')
  })
})

describe('layerTemplate, as discovery reads Express layers', () => {
  const layer = (regexp: RegExp, keys: unknown[] = []): Parameters<typeof layerTemplate>[0] => ({
    handle: null,
    regexp,
    keys,
    match: () => false
  })

  it.each([/x/, /^\/a\d/, /^\/a(?:\/([^/]+?))/, /^\/a+/, /^\/abc/])('gives up on %s', (regexp) => {
    expect(layerTemplate(layer(regexp))).toBeUndefined()
  })

  it('reads mount roots; gives up on a rawPath that is not a string', () => {
    expect(layerTemplate({ ...layer(/^\/a\/?(?=\/|$)/), rawPath: 1 })).toBeUndefined()
    expect(
      layerTemplate(
        Object.assign(layer(/^\/?(?=\/|$)/), { regexp: Object.assign(/^\/?(?=\/|$)/, { fast_slash: true }) })
      )
    ).toBe('')
    expect(layerTemplate({ handle: null, rawPath: '/', match: () => false })).toBe('')
  })
})

describe("findRoute: the hosts' own matchers", () => {
  describe.each(EXPRESS_HOSTS)('$name: mounts, nested routers, methods, HEAD, all()', ({ express }) => {
    const app = express()
    const users = express.Router()
    users.get('/:id', () => undefined)
    users.post('/', () => undefined)
    const posts = express.Router({ mergeParams: true })
    posts.put('/:pid', () => undefined)
    users.use('/:id/posts', posts)
    app.use('/users', users)
    app.use((_req: unknown, _res: unknown, next: () => void) => {
      next()
    })
    app.all('/any', () => undefined)
    app.get(/^\/re/, () => undefined)
    app.use(
      /^\/rmount/,
      express.Router().get('/x', () => undefined)
    )
    app.get('/', () => undefined)

    it.each([
      ['GET', '/users/42?x=1', '/users/:id'],
      ['HEAD', '/users/42', '/users/:id'],
      ['POST', '/users', '/users'],
      ['PUT', '/users/1/posts/2', '/users/:id/posts/:pid'],
      ['DELETE', '/users/1', null],
      ['PATCH', '/any', '/any'],
      ['GET', '/usersx/1', null],
      // Routes and mounts with a RegExp path are never requested: no template to give.
      ['GET', '/re', null],
      ['GET', '/rmount/x', null],
      ['GET', '/', '/'],
      ['GET', '/nope', null],
      // Bad percent-encoding in a param: Express answers 400, no route.
      ['GET', '/users/%E0%A4%A', null]
    ])('%s %s → %s', (method, path, template) => {
      expect(findRoute(app, 'express', method, path)).toBe(template)
    })
  })

  it("Express 5: wildcards and optional groups, as an OpenAPI document's /files/{path} lands on them", () => {
    const express = (EXPRESS_HOSTS[1] as (typeof EXPRESS_HOSTS)[number]).express
    const app = express()
    app.get('/files/*path', () => undefined)
    app.get('/v{/:version}/info', () => undefined)
    expect(findRoute(app, 'express', 'GET', '/files/a%2Fb.txt')).toBe('/files/*path')
    expect(findRoute(app, 'express', 'GET', '/files/a/b.txt')).toBe('/files/*path')
    expect(findRoute(app, 'express', 'GET', '/v/info')).toBe('/v{/:version}/info')
    expect(findRoute(app, 'express', 'GET', '/v/2/info')).toBe('/v{/:version}/info')
  })

  it('Express 4: a mount matches up to a "/" only; a sub-app', () => {
    const express = (EXPRESS_HOSTS[0] as (typeof EXPRESS_HOSTS)[number]).express
    const app = express()
    const sub = express()
    sub.get('/', () => undefined)
    app.use(
      '/v',
      express
        .Router()
        .get('/.json', () => undefined)
        .get('/', () => undefined)
    )
    app.use('/sub', sub)
    expect(findRoute(app, 'express', 'GET', '/v.json')).toBeNull()
    expect(findRoute(app, 'express', 'GET', '/v/.json')).toBe('/v/.json')
    expect(findRoute(app, 'express', 'GET', '/v')).toBe('/v')
    // Loaded without recordSubApps the sub-app is opaque.
    expect(findRoute(app, 'express', 'GET', '/sub')).toBeNull()
  })

  it('Koa with @koa/router: prefixes, nesting, methods; apps of neither kind have no routes', () => {
    const app = new Koa()
    const api = new Router({ prefix: '/api' })
    api.get('/users/:id', () => undefined)
    api.use(() => undefined)
    const admin = new Router()
    admin.post('/stats', () => undefined)
    api.use('/admin', admin.routes())
    app.use(api.routes())
    app.use(() => undefined)
    expect(findRoute(app, 'koa', 'GET', '/api/users/1')).toBe('/api/users/:id')
    expect(findRoute(app, 'koa', 'HEAD', '/api/users/1')).toBe('/api/users/:id')
    expect(findRoute(app, 'koa', 'POST', '/api/admin/stats')).toBe('/api/admin/stats')
    expect(findRoute(app, 'koa', 'GET', '/api/admin/stats')).toBeNull()
    expect(findRoute({}, undefined, 'GET', '/')).toBeNull()
    expect(discoverRoutes(app).map((r) => r.path)).toEqual(['/api/users/:id', '/api/admin/stats'])
  })
})
