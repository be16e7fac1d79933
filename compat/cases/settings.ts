/**
 * Contract cases: router options, app settings and when Express freezes them, the
 * response settings read per request, and the default 404/500 in each `env`.
 * @module
 */
import type { Express } from 'express'
import { normalizeStackFrames } from '../differential.js'
import { fixedError, mw, nextWith, reply, thrower } from '../observe.js'
import { gets, type ContractCase, type Host } from './_types.js'

/** Routing settings set right after `express()`: vanilla's router is born with them. */
function settingsThenRoutes(e: Host, parser: string): Express {
  const app = e()
  app.set('case sensitive routing', true)
  app.set('strict routing', true)
  app.set('query parser', parser)
  app.get('/Foo/', reply('/Foo/'))
  app.get('/bar', reply('/bar'))
  return app
}

/** Each call that gives birth to the app's router, before any route is registered. */
const ROUTER_BIRTHS: ReadonlyArray<readonly [string, (app: Express) => void]> = [
  [
    'app.use(fn)',
    (app) => {
      app.use(mw('born by use'))
    }
  ],
  [
    'app.param()',
    (app) => {
      app.param('unused', mw('never'))
    }
  ],
  [
    'app.route()',
    (app) => {
      app.route('/unused')
    }
  ],
  [
    'app.all()',
    (app) => {
      app.all('/unused', mw('never'))
    }
  ]
]

const SETTINGS_REQUESTS = gets('/Foo/', '/foo/', '/Foo', '/bar', '/bar/', '/Foo/?a[b]=1&a[c]=2')

function errorsIn(env: string) {
  return (e: Host): Express => {
    const app = e()
    app.set('env', env)
    app.get('/throw', thrower('throws'))
    app.get('/status', thrower('teapot', { status: 418, expose: true }))
    app.get(
      '/headers',
      thrower('with headers', { status: 503, headers: { 'Retry-After': '5', 'X-Err': 'y' } })
    )
    app.get('/low', thrower('status below 400', { status: 302 }))
    app.get('/high', thrower('status above 599', { statusCode: 600 }))
    app.get('/string', nextWith('string', 'plain string error'))
    app.get('/sent', (_req, res, next) => {
      res.write('partial')
      next(fixedError('after headers'))
    })
    app.get('/after', (_req, res, next) => {
      res.send('done')
      next(fixedError('after the response'))
    })
    return app
  }
}

const ERROR_REQUESTS = gets(
  '/throw',
  '/status',
  '/headers',
  '/low',
  '/high',
  '/string',
  '/sent',
  '/after',
  '/missing',
  '/missing?<b>=1'
)

export const SETTINGS_CASES: readonly ContractCase[] = [
  {
    name: 'router options caseSensitive and strict',
    build: (e) => {
      const app = e()
      const sensitive = e.Router({ caseSensitive: true })
      sensitive.get('/Foo', reply('sensitive /Foo'))
      sensitive.use('/Up', mw('sensitive use /Up'))
      const strict = e.Router({ strict: true })
      strict.get('/bar/', reply('strict /bar/'))
      strict.get('/baz', reply('strict /baz'))
      strict.get('/', reply('strict root'))
      app.use('/cs', sensitive)
      app.use('/st', strict)
      app.use(reply('fallthrough'))
      return app
    },
    steps: gets(
      '/cs/Foo',
      '/cs/foo',
      '/CS/Foo',
      '/cs/Up/x',
      '/cs/up/x',
      '/st/bar/',
      '/st/bar',
      '/st/baz',
      '/st/baz/',
      '/st',
      '/st/',
      '/st/bar//'
    )
  },
  {
    name: 'routing settings set after express(), with pulya used right after express()',
    inject: 'first',
    build: (e) => settingsThenRoutes(e, 'simple'),
    steps: SETTINGS_REQUESTS
  },
  {
    name: "Express 4: 'query parser' set after express(), with pulya used right after express()",
    majors: [4],
    inject: 'first',
    build: (e) => {
      const app = e()
      app.set('query parser', 'simple')
      app.get('/q', reply('/q'))
      return app
    },
    steps: gets('/q?a[b]=1&a[c]=2&d=1&d=2')
  },
  {
    name: 'routing settings set after express(), with pulya used after them (before the first route)',
    inject: 0,
    build: (e) => settingsThenRoutes(e, 'extended'),
    steps: SETTINGS_REQUESTS
  },
  {
    name: 'routing settings changed after the first route are ignored (the router is frozen), query parser per major',
    build: (e) => {
      const app = e()
      app.get('/Foo/', reply('/Foo/'))
      app.set('case sensitive routing', true)
      app.set('strict routing', true)
      app.set('query parser', 'extended')
      app.get('/bar', reply('/bar'))
      return app
    },
    steps: [...SETTINGS_REQUESTS, ...gets('/q?a[b]=1')]
  },
  ...ROUTER_BIRTHS.map(([call, birth]): ContractCase => ({
    name: `routing settings set after ${call} (which creates the router) are ignored`,
    build: (e) => {
      const app = e()
      birth(app)
      app.set('case sensitive routing', true)
      app.set('strict routing', true)
      app.get('/Foo/', reply('/Foo/'))
      app.get('/bar', reply('/bar'))
      return app
    },
    steps: SETTINGS_REQUESTS
  })),
  {
    name: 'query parser: false and a custom function',
    build: (e) => {
      const app = e()
      const sub = e()
      sub.set('query parser', (text: string | null) => ({ raw: text, length: text?.length ?? -1 }))
      sub.get('/q', reply('custom'))
      app.set('query parser', false)
      app.get('/q', reply('off'))
      app.use('/sub', sub)
      return app
    },
    steps: gets('/q?a=1&a=2', '/sub/q?x=%ZZ&y', '/sub/q', '/q?')
  },
  {
    name: 'response settings changed between requests take effect (x-powered-by, etag, json spaces, json replacer)',
    build: (e) => {
      const app = e()
      app.get('/r', reply('r'))
      return app
    },
    steps: [
      ...gets('/r'),
      { method: 'GET', path: '/r', ifNoneMatchPrevious: true },
      {
        action: 'disable x-powered-by, etag off, json spaces 2',
        run: (app) => {
          app.disable('x-powered-by')
          app.set('etag', false)
          app.set('json spaces', 2)
        }
      },
      ...gets('/r'),
      {
        action: 'strong etag, json replacer',
        run: (app) => {
          app.set('etag', 'strong')
          app.set('json replacer', (key: string, value: unknown) => (key === 'trace' ? undefined : value))
        }
      },
      ...gets('/r'),
      { method: 'GET', path: '/r', ifNoneMatchPrevious: true },
      { method: 'HEAD', path: '/r', ifNoneMatchPrevious: true }
    ]
  },
  {
    name: "the default 404 and 500 with env 'production'",
    build: errorsIn('production'),
    steps: ERROR_REQUESTS
  },
  {
    name: "the default 404 and 500 with env 'development' (stack pages, logged errors)",
    build: errorsIn('development'),
    steps: ERROR_REQUESTS
  },
  {
    name: "the default 404 and 500 with env 'test' (nothing logged)",
    build: errorsIn('test'),
    steps: ERROR_REQUESTS
  },
  {
    name: "a 400 from a malformed param in env 'development' (the router's own error: its frames are not compared)",
    normalize: normalizeStackFrames,
    build: (e) => {
      const app = e()
      app.set('env', 'development')
      app.get('/users/:id', reply('never'))
      return app
    },
    steps: gets('/users/%ZZ', '/users/%E0%A4%A')
  }
]
