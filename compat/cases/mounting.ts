/**
 * Contract cases: what mounted middleware sees (`req.params`, `req.route`, `req.baseUrl`,
 * `req.originalUrl`, `req.path`, `req.url`) and how it is restored; URL rewrites mid-chain;
 * sub-apps (`req.app`, settings inheritance, `mount`, `mountpath`); routers and sub-apps
 * mounted at several paths.
 * @module
 */
import type { Express, RequestHandler } from 'express'
import { mw, nameApp, onError, reply, thrower, trace } from '../observe.js'
import { gets, methods, type ContractCase, type Host } from './_types.js'

function rewrite(label: string, from: RegExp, to: string): RequestHandler {
  return function rewriting(req, _res, next) {
    const before = req.url
    req.url = req.url.replace(from, to)
    trace(req, `${label} ${before} -> ${req.url}`)
    next()
  }
}

function subApps(e: Host): Express {
  const app = nameApp(e(), 'root')
  app.set('json spaces', 1)
  const mounts: string[] = []
  const sub = nameApp(e(), 'sub')
  sub.on('mount', (parent: { mountpath: unknown }) => {
    mounts.push(`mounted under ${String(parent.mountpath)} at ${JSON.stringify(sub.mountpath)}`)
  })
  sub.use(mw('sub.use'))
  sub.get('/info', (req, res) => {
    trace(req, 'sub /info')
    res.json({
      mounts,
      mountpath: sub.mountpath,
      parentIsRoot: (sub as unknown as { parent: unknown }).parent === app,
      spaces: sub.get('json spaces') as unknown,
      path: sub.path()
    })
  })
  sub.get('/r', reply('sub /r'))
  sub.get('/boom', thrower('sub throws'))
  const subsub = nameApp(e(), 'subsub')
  subsub.disable('x-powered-by')
  subsub.get('/deep', reply('subsub /deep'))
  sub.use('/nest', subsub)
  app.use(['/s1', '/s2'], sub)
  app.use('/s3', sub)
  app.get('/s1/fallthrough', reply('back in root'))
  app.use(mw('root after sub'))
  app.use(onError('root eh'))
  return app
}

export const MOUNTING_CASES: readonly ContractCase[] = [
  {
    name: 'req.params/route/baseUrl/originalUrl/path/url inside mounted middleware, and restored after',
    build: (e) => {
      const app = nameApp(e(), 'root')
      const r = e.Router()
      r.use(mw('r.use'))
      r.get('/x/:y', mw('r.get /x/:y'))
      r.use('/x', mw('r.use /x'))
      const rr = e.Router({ mergeParams: true })
      rr.get('/:z', mw('rr.get /:z'))
      r.use('/x/:y', rr)
      app.use('/m/:id', mw('app.use /m/:id'), r)
      app.use(mw('after the router'))
      app.get('/m/:id/x/:y/:z', reply('outer route'))
      app.use('/m', reply('outer use /m'))
      return app
    },
    steps: gets('/m/1/x/2/3', '/m/1/x/2', '/m/1/y', '/m/1/x/2/3?q=1', '/M/1/X/2/3')
  },
  {
    name: 'a middleware that rewrites req.url mid-chain: matching continues against the new URL',
    build: (e) => {
      const app = e()
      const r = e.Router()
      r.use(rewrite('inner rewrite', /^\/old/, '/rewritten'))
      r.get('/rewritten', mw('r.get /rewritten'))
      r.use('/jump', rewrite('rewrite under /jump', /^\/x/, '/y'))
      r.get('/', (req, _res, next) => {
        req.url = '/b'
        trace(req, 'r.get / rewrote to /b')
        next()
      })
      r.get('/b', mw('r.get /b'))
      app.use(rewrite('top rewrite', /^\/legacy/, '/new'))
      app.get('/new/:x', reply('new'))
      app.use(rewrite('query rewrite', /^\/withq$/, '/q?added=1'))
      app.get('/q', reply('q'))
      app.use('/a', r)
      app.get('/a/rewritten', reply('outer sees prefix + rewritten'))
      app.get('/a/jump/y', reply('outer sees both prefixes + rewritten'))
      app.get(['/ab', '/a/b'], reply('after slash-added rewrite'))
      app.use(reply('fallthrough'))
      return app
    },
    steps: gets('/legacy/1', '/legacy/1?z=2', '/withq', '/a/old', '/a/jump/x', '/a', '/a/', '/new/2')
  },
  {
    name: 'sub-apps: req.app, settings inheritance, mount events, mountpath, several paths, errors and fallthrough',
    build: subApps,
    steps: gets(
      '/s1/info',
      '/s2/info',
      '/s3/info',
      '/s1/r',
      '/s3/r?x=1',
      '/s1/nest/deep',
      '/s2/nest/deep',
      '/s1/boom',
      '/s1/fallthrough',
      '/s4/info'
    )
  },
  {
    name: "a sub-app's router born after the mount inherits the parent's routing settings",
    build: (e) => {
      const app = e()
      app.set('case sensitive routing', true)
      app.get('/x', reply('root'))
      const early = nameApp(e(), 'early')
      early.get('/Foo', reply('early /Foo'))
      const late = nameApp(e(), 'late')
      app.use('/early', early)
      app.use('/late', late)
      late.get('/Foo', reply('late /Foo'))
      return app
    },
    steps: gets('/early/foo', '/early/Foo', '/late/foo', '/late/Foo')
  },
  {
    name: 'one router mounted at several paths, in two apps',
    build: (e) => {
      const app = nameApp(e(), 'root')
      const r = e.Router()
      r.get('/x', reply('shared /x'))
      r.get('/:p', reply('shared /:p'))
      const sub = nameApp(e(), 'sub')
      sub.use('/in-sub', r)
      app.use('/a', r)
      app.use(['/b', '/c/:k'], r)
      app.use('/sub', sub)
      app.use('/a', r)
      return app
    },
    steps: [
      ...gets('/a/x', '/b/x', '/c/1/x', '/c/1/y', '/sub/in-sub/x', '/a', '/d/x'),
      ...methods('/b/x', 'OPTIONS', 'HEAD')
    ]
  },
  {
    name: 'a middleware that answers under a mount sees the trimmed URL; an added slash is removed after',
    build: (e) => {
      const app = e()
      app.use('/trim', mw('use /trim'))
      app.use('/trim/', mw('use /trim/'))
      app.use('/t.x', mw('use /t.x'))
      app.get('/trim', reply('route /trim'))
      app.get('/trim.json', reply('route /trim.json'))
      app.use('/trim', reply('use /trim answers'))
      return app
    },
    steps: gets('/trim', '/trim/', '/trim?x', '/trim.json', '/trimmed', '/t.x', '/t.x/y', '/tax')
  }
]
