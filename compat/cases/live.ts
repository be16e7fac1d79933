/**
 * Contract cases: the app changes while it serves — routes added between requests,
 * routes registered after pulya, `router.stack` mutated directly, prototypes extended
 * late — and pulya injected at other points than the first line.
 * @module
 */
import type { Express, Request, RequestHandler, Router } from 'express'
import { mw, onParam, reply } from '../observe.js'
import { gets, routerOf, spliceOut, type ContractCase, type Host } from './_types.js'

interface Handles {
  readonly nested: Router
  readonly removable: RequestHandler
  readonly nestedRemovable: RequestHandler
}

const HANDLES = new WeakMap<Express, Handles>()

function handles(app: Express): Handles {
  const found = HANDLES.get(app)
  if (found === undefined) throw new Error('no handles for this app')
  return found
}

function mutable(e: Host): Express {
  const app = e()
  const nested = e.Router()
  const removable = reply('removable')
  const nestedRemovable = mw('nested removable')
  nested.use(nestedRemovable)
  nested.get('/x', mw('nested /x'))
  nested.get('/x', reply('nested /x answers'))
  app.get('/gone', removable)
  app.get('/gone', reply('behind the removable'))
  app.use('/n', nested)
  HANDLES.set(app, { nested, removable, nestedRemovable })
  return app
}

function registeredAround(e: Host): Express {
  const app = e()
  app.use(mw('m0'))
  app.get('/a', mw('a0'))
  app.use('/a', mw('use /a'))
  app.get('/a', reply('a1'))
  app.get('/b/:id', reply('b'))
  return app
}

const AROUND_REQUESTS = gets('/a', '/b/1', '/c')

function late(req: Request): unknown {
  return (req as unknown as { late?: unknown }).late ?? null
}

export const LIVE_CASES: readonly ContractCase[] = [
  {
    name: 'routes, middlewares and param callbacks added between requests',
    build: (e) => {
      const app = e()
      app.get('/early', reply('early'))
      return app
    },
    steps: [
      ...gets('/late', '/p/1', '/early'),
      {
        action: 'register late routes',
        run: (app) => {
          app.get('/late', reply('late'))
          app.param('id', onParam('late param'))
          app.get('/p/:id', reply('late param route'))
          app.use(mw('late middleware'))
          app.get('/early', reply('shadowed by early'))
        }
      },
      ...gets('/late', '/p/1', '/early', '/p/2')
    ]
  },
  {
    name: 'a route added to a mounted router after serving',
    build: (e) => {
      const app = e()
      const nested = e.Router()
      nested.get('/a', reply('nested a'))
      app.use('/n', nested)
      HANDLES.set(app, { nested, removable: mw('unused'), nestedRemovable: mw('unused') })
      return app
    },
    steps: [
      ...gets('/n/a', '/n/b'),
      {
        action: 'nested.get /b',
        run: (app) => {
          handles(app).nested.get('/b', reply('late nested b'))
        }
      },
      ...gets('/n/b', '/n/a')
    ]
  },
  {
    name: 'router.stack mutated directly between requests (splice, reverse)',
    build: mutable,
    steps: [
      ...gets('/gone', '/n/x'),
      {
        action: 'splice out a route layer',
        run: (app) => {
          spliceOut(routerOf(app), handles(app).removable)
        }
      },
      ...gets('/gone'),
      {
        action: 'splice out a nested middleware',
        run: (app) => {
          spliceOut(handles(app).nested, handles(app).nestedRemovable)
        }
      },
      ...gets('/n/x'),
      {
        action: 'reverse the nested stack',
        run: (app) => {
          handles(app).nested.stack.reverse()
        }
      },
      ...gets('/n/x'),
      {
        action: 'empty a route stack',
        run: (app) => {
          const layer = handles(app).nested.stack[0]
          if (layer?.route) (layer.route as { stack: unknown[] }).stack.length = 0
        }
      },
      ...gets('/n/x', '/n/x/')
    ]
  },
  {
    name: 'routes registered after pulya, pulya at position 2 of the app',
    inject: 2,
    build: registeredAround,
    steps: AROUND_REQUESTS
  },
  {
    name: 'pulya used last, after every route',
    inject: 'last',
    build: registeredAround,
    steps: AROUND_REQUESTS
  },
  {
    name: 'pulya used before the first routing call (after app.set calls)',
    inject: 0,
    build: registeredAround,
    steps: AROUND_REQUESTS
  },
  {
    name: 'app.request extended after start-up, also seen by a sub-app',
    build: (e) => {
      const app = e()
      const sub = e()
      sub.get('/x', (req, res) => {
        res.json({ late: late(req) })
      })
      app.use('/sub', sub)
      app.get('/x', (req, res) => {
        res.json({ late: late(req) })
      })
      return app
    },
    steps: [
      ...gets('/x', '/sub/x'),
      {
        action: 'define app.request.late',
        run: (app) => {
          Object.defineProperty(app.request, 'late', { configurable: true, get: () => 'extended' })
        }
      },
      ...gets('/x', '/sub/x')
    ]
  }
]
