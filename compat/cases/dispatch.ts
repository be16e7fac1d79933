/**
 * Contract cases: the order layers run in, every form of `next()`, error middlewares,
 * throws and rejections, `app.all`, `app.route()`, HEAD, automatic OPTIONS, unknown
 * methods, and deep synchronous `next()` chains.
 * @module
 */
import type { ErrorRequestHandler, RequestHandler } from 'express'
import { normalizeStackFrames } from '../differential.js'
import { fixedError, mw, nameApp, nextWith, onError, reply, thrower, trace } from '../observe.js'
import { count, gets, methods, replyCount, req, type ContractCase } from './_types.js'

const DEEP = 5000

export const DISPATCH_CASES: readonly ContractCase[] = [
  {
    name: 'registration order of middlewares and routes across nesting',
    build: (e) => {
      const app = nameApp(e(), 'root')
      const inner = e.Router()
      inner.use(mw('inner.use'))
      inner.get('/x', mw('inner.get /x'), mw('inner.get /x second'))
      inner.use('/x', mw('inner.use /x'))
      inner.get('/x', reply('inner.reply /x'))
      app.use(mw('m1'))
      app.get('/a/x', mw('app.get /a/x before the mount'))
      app.use('/a', mw('app.use /a'), inner)
      app.use(mw('m2'))
      app.get('/a/:p', reply('app.get /a/:p'))
      app.post('/a/x', reply('app.post /a/x'))
      app.get('/b', reply('b'))
      return app
    },
    steps: [...gets('/a/x', '/a/y', '/a', '/A/X', '/b', '/c'), req('POST', '/a/x'), req('PUT', '/a/x')]
  },
  {
    name: "next('route') leaves the route, also from a middleware and a route's middleware",
    build: (e) => {
      const app = e()
      app.use(nextWith('use next(route) acts as next()', 'route'))
      app.get('/r', nextWith('r1', 'route'), reply('never'))
      app.get('/r', mw('r2'), nextWith('r2 next(route)', 'route'))
      app.route('/r').get(reply('r3'))
      app.get('/s', nextWith('s1 next(route)', 'route'))
      return app
    },
    steps: [...gets('/r', '/s'), req('HEAD', '/r'), req('POST', '/r')]
  },
  {
    name: "next('router') leaves the router; at the app level it ends in a 404",
    build: (e) => {
      const app = e()
      const r = e.Router()
      r.use('/x', nextWith('r leaves', 'router'))
      r.get('/x', reply('never'))
      r.get('/y', reply('r /y'))
      const route = e.Router()
      route.get('/z', mw('route /z'), nextWith("route /z next('router')", 'router'), reply('never'))
      route.get('/z', reply('never either'))
      app.use('/n', r, route)
      app.get('/n/x', reply('after the router'))
      app.get('/n/z', reply('after router /z'))
      app.get('/top', nextWith('top', 'router'))
      app.get('/top', reply('never'))
      return app
    },
    steps: gets('/n/x', '/n/y', '/n/z', '/top')
  },
  {
    name: 'next(err) skips to error middlewares, which respond, pass on or recover',
    build: (e) => {
      const app = e()
      app.get('/e', nextWith('e', fixedError('E1', { status: 409 })))
      app.get('/s', nextWith('string error', 'a string'))
      app.get('/falsy', nextWith('falsy next', 0), nextWith('null next', null), reply('falsy is no error'))
      app.use(mw('skipped while an error is pending'))
      app.use(onError('eh1', 'pass'))
      app.get('/e', reply('route skipped while an error is pending'))
      app.use(onError('eh2', 'recover'))
      app.use(mw('after recovering'))
      app.get('/e', reply('route after recovering'))
      app.get('/ok', reply('ok'))
      app.use(onError('never: no error'))
      app.get('/re', thrower('route throws'), onError('route-level error handler'))
      app.get('/re2', thrower('route throws'), onError('route-level pass', 'pass'), reply('skipped'))
      app.use(onError('final'))
      return app
    },
    steps: gets('/e', '/s', '/falsy', '/ok', '/re', '/re2', '/missing')
  },
  {
    name: 'errors cross router boundaries and run error middlewares in the parent',
    build: (e) => {
      const app = e()
      const r = e.Router()
      r.get('/t', thrower('r throws'))
      r.use(onError('r eh', 'pass'))
      r.get('/t', reply('never'))
      r.get('/u', nextWith('r next(err)', fixedError('U')))
      app.use('/r', r)
      app.use('/r', onError('app eh under /r', 'pass'))
      app.use(onError('app eh'))
      return app
    },
    steps: gets('/r/t', '/r/u', '/r/v')
  },
  {
    name: 'synchronous throws in handlers, middlewares, error handlers and param callbacks',
    build: (e) => {
      const app = e()
      app.param('boom', () => {
        throw fixedError('param boom')
      })
      app.use('/mw', thrower('middleware throws', { status: 418 }))
      app.get('/h', thrower('handler throws'))
      app.get('/eh', thrower('first'))
      const rethrow: ErrorRequestHandler = (err, _req, _res, next) => {
        if (err instanceof Error) throw fixedError(`error handler rethrows ${err.message}`)
        next()
      }
      app.use('/eh', rethrow)
      app.get('/p/:boom', reply('never'))
      app.use(onError('eh'))
      return app
    },
    steps: gets('/mw', '/h', '/eh', '/p/1')
  },
  {
    name: 'Express 5: rejected promises and async handlers become next(err)',
    majors: [5],
    build: (e) => {
      const app = e()
      const later = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
      app.param('id', async (req, _res, next, id) => {
        await later()
        trace(req, `async param ${String(id)}`)
        if (id === 'bad') throw fixedError('param rejected')
        next()
      })
      app.get('/a', async (req, _res, next) => {
        await later()
        trace(req, 'async next')
        next()
      })
      app.get('/a', async () => {
        await later()
        throw fixedError('async throw')
      })
      app.get('/b', () => Promise.reject(fixedError('rejected')))
      app.get('/u/:id', reply('param passed'))
      const asyncErrorHandler: ErrorRequestHandler = async (err, req, _res, next) => {
        await later()
        trace(req, 'async error handler')
        next(err)
      }
      app.use('/c', asyncErrorHandler)
      app.get('/c', () => Promise.reject(fixedError('c')))
      app.use(onError('eh'))
      return app
    },
    steps: gets('/a', '/b', '/c', '/u/ok', '/u/bad')
  },
  {
    name: 'Express 5: a rejection without a reason becomes "Rejected promise"',
    majors: [5],
    // That error is created by the router, so its stack is the router's.
    normalize: normalizeStackFrames,
    build: (e) => {
      const app = e()
      // Rejecting with a non-Error is the point of this case.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      app.get('/z', () => Promise.reject(undefined))
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      app.get('/y', () => Promise.reject('a string'))
      return app
    },
    steps: gets('/z', '/y')
  },
  {
    name: 'a handler that answers after an await, and one that calls next() after an await',
    build: (e) => {
      const app = e()
      const wait = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1))
      const handler: RequestHandler = (req, res, next) => {
        void wait().then(() => {
          trace(req, 'waited')
          if (req.path === '/w') {
            res.json({ late: true })
            return
          }
          next()
        })
      }
      app.get(['/w', '/n'], handler)
      app.get('/n', reply('after a deferred next'))
      return app
    },
    steps: gets('/w', '/n')
  },
  {
    name: 'app.all handles every method (and answers OPTIONS itself)',
    build: (e) => {
      const app = e()
      app.all('/any', mw('all'), reply('any'))
      app.all('/all-next', mw('all then next'))
      app.get('/all-next', reply('get after all'))
      return app
    },
    steps: [
      ...methods('/any', 'GET', 'POST', 'DELETE', 'HEAD', 'OPTIONS', 'PROPFIND', 'PATCH'),
      ...methods('/all-next', 'GET', 'HEAD', 'PUT', 'OPTIONS')
    ]
  },
  {
    name: 'app.route() chains: per-method stacks in registration order',
    build: (e) => {
      const app = e()
      app.route('/book').get(reply('get')).post(reply('post', 201)).all(mw('all after'))
      app.route('/book2').all(mw('all first')).get(reply('get2')).put(nextWith('put', 'route'))
      app.put('/book2', reply('put fallback'))
      app.route('/empty')
      app.get('/empty', reply('after an empty route'))
      return app
    },
    steps: [
      ...methods('/book', 'GET', 'POST', 'PUT', 'HEAD', 'OPTIONS'),
      ...methods('/book2', 'GET', 'PUT', 'DELETE', 'OPTIONS'),
      ...gets('/empty')
    ]
  },
  {
    name: 'HEAD falls back to GET unless a HEAD handler comes first',
    build: (e) => {
      const app = e()
      app.get('/h', reply('get'))
      app.head('/h2', (_req, res) => {
        res.set('X-Head', '1').end()
      })
      app.get('/h2', reply('get2'))
      app.get('/h3', reply('get3'))
      app.head('/h3', (_req, res) => {
        res.set('X-Head', '3').end()
      })
      app
        .route('/h4')
        .get(reply('get4'))
        .head((_req, res) => {
          res.status(204).end()
        })
      app.use('/h5', (req, res, next) => {
        if (req.method === 'HEAD') {
          res.set('X-Use', 'head').end()
          return
        }
        next()
      })
      app.get('/h5', reply('get5'))
      return app
    },
    steps: ['/h', '/h2', '/h3', '/h4', '/h5'].flatMap((path) => methods(path, 'HEAD', 'GET'))
  },
  {
    name: 'automatic OPTIONS replies with Allow, across routes and nested routers',
    build: (e) => {
      const app = e()
      const r = e.Router()
      r.delete('/o', reply('delete'))
      r.patch('/o/:x', reply('patch'))
      app.get('/o', reply('get'))
      app.use('/o', mw('use is not a method'))
      app.post('/o', reply('post'))
      app.put('/o/:x', reply('put'))
      app.use(r)
      app.options('/mine', reply('own OPTIONS handler'))
      app.get('/mine', reply('mine'))
      app.get('/err', nextWith('err', fixedError('E')))
      app.post('/err', reply('post err'))
      app.propfind('/o', reply('propfind'))
      return app
    },
    steps: [
      ...['/o', '/o/1', '/mine', '/err', '/nothing', '*'].map((path) => req('OPTIONS', path)),
      ...gets('/err')
    ]
  },
  {
    name: 'methods Node knows but Express apps rarely use, and ones Node rejects',
    build: (e) => {
      const app = e()
      app.propfind('/dav', reply('propfind'))
      app.get('/dav', reply('get'))
      app.all('/dav2', reply('all'))
      app.search('/dav', reply('search'))
      app['m-search']('/dav', reply('m-search'))
      return app
    },
    steps: [
      ...methods('/dav', 'PROPFIND', 'MKCOL', 'SEARCH', 'M-SEARCH', 'OPTIONS', 'FOO', 'PROPPATCH'),
      ...methods('/dav2', 'PROPFIND', 'LOCK', 'FOO')
    ]
  },
  {
    name: `deep synchronous next() chains: a route with ${DEEP} middlewares, ${DEEP} routes, ${DEEP} uses`,
    build: (e) => {
      const app = e()
      app.get(
        '/deep',
        Array.from({ length: DEEP }, () => count),
        replyCount('deep')
      )
      for (let i = 0; i < DEEP; i++) app.get('/many', count)
      app.get('/many', replyCount('many'))
      const r = e.Router()
      for (let i = 0; i < DEEP; i++) r.use(count)
      r.get('/end', replyCount('uses'))
      app.use('/uses', r)
      for (let i = 0; i < DEEP; i++) app.get(`/static${i}`, reply(`static ${i}`))
      return app
    },
    steps: [
      ...gets('/deep', '/many', '/uses/end', '/uses/miss', '/static0', `/static${DEEP - 1}`, '/static-miss'),
      req('HEAD', '/many')
    ]
  }
]
