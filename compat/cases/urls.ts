/**
 * Contract cases: the raw request target — malformed percent-encoding, trailing and
 * doubled slashes, case changes, 100 KB paths, query strings, absolute-form and `*`.
 * @module
 */
import type { Express } from 'express'
import { normalizeStackFrames } from '../differential.js'
import { mw, onError, reply } from '../observe.js'
import { gets, methods, req, type ContractCase, type Host } from './_types.js'

const HUGE = 100_000

function malformed(e: Host, major: 4 | 5): Express {
  const app = e()
  app.get('/static', reply('static'))
  app.get('/users/:id', reply('user'))
  app.use('/m/:x', mw('use /m/:x'))
  app.get('/m/:x/y', reply('m y'))
  app.get(major === 4 ? '/any/*' : '/any/*rest', reply('wildcard'))
  return app
}

const MALFORMED_PATHS = [
  '/%E0%A4%A',
  '/any/%ZZ/x',
  '/users/%ZZ',
  '/users/%E0%A4%A',
  '/users/%',
  '/users/%2',
  '/users/%2F',
  '/users/ok%20x',
  '/static%ZZ',
  '/static/%ZZ',
  '/m/%ZZ/y',
  '/m/ok/y',
  '/%ZZ',
  '/users/%ZZ?x=%ZZ',
  '/users/1?%=%'
]

export const URL_CASES: readonly ContractCase[] = [
  {
    name: 'malformed percent-encoding: the same 400 (or 404 when no param decodes it)',
    // The 400 is the router's own URIError: outside 'production' its stack is on the
    // page, and frames below the throw site belong to the dispatcher.
    normalize: normalizeStackFrames,
    build: malformed,
    steps: gets(...MALFORMED_PATHS)
  },
  {
    name: 'malformed percent-encoding with an error handler that reports the error',
    normalize: normalizeStackFrames,
    build: (e, major) => {
      const app = malformed(e, major)
      app.use(onError('eh'))
      return app
    },
    steps: gets(...MALFORMED_PATHS)
  },
  {
    name: 'trailing, doubled and dot slashes',
    build: (e) => {
      const app = e()
      const r = e.Router()
      r.get('/', reply('router root'))
      r.get('/x/', reply('router /x/'))
      app.get('/a', reply('/a'))
      app.get('/b/', reply('/b/'))
      app.use('/c', mw('use /c'))
      app.get('/c/:x', reply('/c/:x'))
      app.use('/r/', r)
      return app
    },
    steps: gets(
      '/a/',
      '/a//',
      '//a',
      '/b',
      '/b/',
      '/c/',
      '/c//x',
      '/c/x/',
      '/r',
      '/r/',
      '/r//',
      '/r/x',
      '/r/x/',
      '/./a',
      '/../a',
      '/a/%2e%2e/b',
      '/a;b',
      '/a+b',
      '/caf\u00e9'
    )
  },
  {
    name: 'case changes: insensitive by default, param values keep their case',
    build: (e) => {
      const app = e()
      app.get('/Case/Path/:Name', reply('case'))
      app.use('/MiXeD', mw('use /MiXeD'))
      app.get('/mixed/end', reply('mixed end'))
      return app
    },
    steps: gets('/case/path/Bob', '/CASE/PATH/bob/', '/Case/Path/BOB', '/mixed/END', '/MIXED/end')
  },
  {
    name: '100 KB paths and query strings',
    build: (e) => {
      const app = e()
      app.get('/p/:id', (request, res) => {
        res.json({ length: request.params.id.length, url: request.url.length })
      })
      app.get('/q', (request, res) => {
        res.json({ keys: Object.keys(request.query).length, url: request.url.length })
      })
      return app
    },
    steps: gets(
      `/p/${'x'.repeat(HUGE)}`,
      `/${'y/'.repeat(HUGE / 2)}`,
      `/q?${'a=1&'.repeat(HUGE / 4)}`,
      `/p/${'%41'.repeat(HUGE / 3)}`
    )
  },
  {
    name: 'query strings reach req.query and never the matcher',
    build: (e) => {
      const app = e()
      app.get('/q', reply('q'))
      app.get('/q/:x', reply('q/:x'))
      return app
    },
    steps: gets(
      '/q?a=1&a=2&b[c]=d&e',
      '/q?',
      '/q??',
      '/q?%ZZ=1',
      '/q?a=%ZZ',
      '/q?x=1#frag',
      '/q#frag',
      '/q/%3Fnot-a-query',
      '/q?a[__proto__][b]=1&__proto__=x',
      '/q?a=b=c&&'
    )
  },
  {
    name: "absolute-form request targets ('http://host/path') and '*'",
    build: (e, major) => {
      const app = e()
      const r = e.Router()
      r.get('/x', reply('router /x'))
      app.use('/m', r)
      app.get('/a', reply('/a'))
      app.get(major === 4 ? '*' : '/*splat', reply('star'))
      return app
    },
    steps: [
      ...gets(
        'http://example.com/a?x=1',
        'http://example.com',
        'http://example.com/m/x',
        'https://user@example.com:8080/m/x?y',
        'http://example.com/A'
      ),
      ...methods('*', 'OPTIONS', 'GET'),
      req('GET', '/a', { host: 'other.test' })
    ]
  }
]
