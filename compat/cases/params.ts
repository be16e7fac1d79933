/**
 * Contract cases: `app.param`/`router.param`, `mergeParams`, prototype-named params,
 * regex routes (stateful `g`/`y` flags included) and each major's path syntax.
 * @module
 */
import type { RequestParamHandler } from 'express'
import { fixedError, mw, nextWith, onError, onParam, reply, trace } from '../observe.js'
import { gets, type ContractCase } from './_types.js'

const upper: RequestParamHandler = (req, _res, next, value: unknown) => {
  trace(req, `upper ${String(value)}`)
  req.params['id'] = String(value).toUpperCase()
  next()
}

export const PARAM_CASES: readonly ContractCase[] = [
  {
    name: 'app.param runs once per request per value, across routes matching the same value',
    build: (e) => {
      const app = e()
      app.param('id', onParam('app.param 1'))
      app.param('id', onParam('app.param 2'))
      app.param(['kind', 'other'], onParam('app.param array'))
      app.get('/u/:id', mw('r1'))
      app.get('/u/:id', mw('r2 same value'))
      app.get('/:kind/:id', mw('r3 same id, new kind'))
      app.get('/u/:id/:other', mw('r4'))
      const r = e.Router()
      r.param('id', onParam('router.param'))
      r.get('/:id', mw('nested /:id'))
      app.use('/u/:id', r)
      app.get('/u/:id', reply('end'))
      app.get('/u/:id/:other', reply('end 2'))
      return app
    },
    steps: gets('/u/1', '/u/2/3', '/v/1', '/u/%41')
  },
  {
    name: 'param callbacks can change the value, skip the route, or fail (and the failure is remembered)',
    build: (e) => {
      const app = e()
      app.param('id', upper)
      app.param('skip', (req, _res, next, value: unknown) => {
        trace(req, `skip ${String(value)}`)
        next(value === 'yes' ? 'route' : undefined)
      })
      app.param('fail', (req, _res, next, value: unknown) => {
        trace(req, `fail ${String(value)}`)
        next(value === 'yes' ? fixedError('param failed') : undefined)
      })
      app.get('/c/:id', mw('first sees upper'))
      app.get('/c/:id', reply('second sees restored upper'))
      app.get('/s/:skip', reply('never when skipped'))
      app.get('/s/:skip', reply('after skip'))
      app.get('/f/:fail', reply('never when failed'))
      app.get('/f/:fail', reply('also never'))
      app.use(onError('eh'))
      return app
    },
    steps: gets('/c/abc', '/s/yes', '/s/no', '/f/yes', '/f/no')
  },
  {
    name: 'mergeParams merges parent params (child wins; numeric keys are offset)',
    build: (e) => {
      const app = e()
      const merged = e.Router({ mergeParams: true })
      merged.get('/:id', reply('merged'))
      merged.get('/same/:pid', reply('child wins'))
      merged.get(/^\/n\/(\d+)$/, reply('numeric'))
      const isolated = e.Router()
      isolated.get('/:id', reply('isolated'))
      const deeper = e.Router({ mergeParams: true })
      deeper.use('/:mid', merged)
      app.use('/p/:pid', merged)
      app.use('/q/:pid', isolated)
      app.use('/d/:pid', deeper)
      app.use(/^\/r\/(\d+)/, merged)
      return app
    },
    steps: gets('/p/1/2', '/q/1/2', '/d/1/2/3', '/p/1/same/9', '/r/7/n/8', '/p/1/n/8')
  },
  {
    name: 'prototype names as param values and (where allowed) as param names',
    build: (e) => {
      const app = e()
      app.get('/v/:id', reply('value'))
      app.get('/o/:__proto__', reply('__proto__ name'))
      app.get('/c/:constructor', reply('constructor name'))
      app.get('/h/:hasOwnProperty/:toString', reply('hasOwnProperty name'))
      const merged = e.Router({ mergeParams: true })
      merged.get('/:valueOf', reply('merged proto names'))
      app.use('/m/:constructor', merged)
      return app
    },
    steps: gets(
      '/v/__proto__',
      '/v/constructor',
      '/v/hasOwnProperty',
      '/o/x',
      '/c/x',
      '/h/a/b',
      '/m/a/b',
      '/v/x?__proto__[a]=1&constructor=2&hasOwnProperty=3'
    )
  },
  {
    name: 'app.param with a prototype name throws at registration, identically',
    build: (e) => {
      const app = e()
      app.param('constructor', onParam('never'))
      return app
    },
    steps: []
  },
  {
    name: 'regex routes, named groups, and use() with a regex',
    build: (e) => {
      const app = e()
      app.get(/^\/re\/(\d+)$/, reply('digits'))
      app.get(/^\/named\/(?<slug>[a-z]+)(?:\/(?<n>\d+))?$/, reply('named'))
      app.use(/^\/u(\d)/, mw('use regex'))
      app.get(/\/u\d\/x$/, reply('after use regex'))
      app.get(/CaSe/, reply('regex case'))
      return app
    },
    steps: gets('/re/12', '/re/ab', '/named/abc', '/named/abc/3', '/u1/x', '/u12/x', '/xcase', '/CaSe')
  },
  {
    name: 'a user RegExp with the g flag alternates match/no-match (y flag too; one RegExp in two layers)',
    build: (e) => {
      const app = e()
      app.get(/^\/g$/g, reply('g'))
      app.get(/^\/y$/y, reply('y'))
      const shared = /^\/s$/g
      app.get(shared, mw('shared 1'))
      app.get(shared, reply('shared 2'))
      app.use(/^\/ug/g, mw('use g'))
      app.get('/ug', reply('after use g'))
      return app
    },
    steps: gets('/g', '/g', '/g', '/x', '/g', '/y', '/y', '/y', '/s', '/s', '/s', '/ug', '/ug', '/ug', '/ug')
  },
  {
    name: 'Express 4 path syntax: optional params, *, ?, groups, custom patterns, arrays',
    majors: [4],
    build: (e) => {
      const app = e()
      app.get('/opt/:a?', reply('/opt/:a?'))
      app.get('/a*', mw('/a*'))
      app.get('/ab?cd', reply('/ab?cd'))
      app.get('/g/(\\d+)', reply('/g/(\\d+)'))
      app.get('/n/:id(\\d+)', reply('/n/:id(\\d+)'))
      app.get('/f/:name.:ext', reply('/f/:name.:ext'))
      app.get('/r/:from-:to', reply('/r/:from-:to'))
      app.get(['/arr1', '/arr2/:x'], reply('array'))
      app.use('/w/*', mw('use /w/*'))
      app.get('/w/*', reply('/w/*'))
      app.get('*', reply('*'))
      return app
    },
    steps: gets(
      '/opt',
      '/opt/',
      '/opt/1',
      '/opt/1/2',
      '/abcd',
      '/acd',
      '/abbcd',
      '/a',
      '/axyz',
      '/g/12',
      '/g/x',
      '/n/12',
      '/n/ab',
      '/f/a.b',
      '/f/a.b.c',
      '/r/x-y',
      '/arr1',
      '/arr2/9',
      '/w/a/b',
      '/zzz',
      '/'
    )
  },
  {
    name: 'Express 5 path syntax: {optional}, *splat, named wildcards, escapes, arrays',
    majors: [5],
    build: (e) => {
      const app = e()
      app.get('/opt{/:a}', reply('/opt{/:a}'))
      app.get('/t/{:a}', reply('/t/{:a}'))
      app.get('/{:lang/}docs', reply('/{:lang/}docs'))
      app.get('/files/*path', reply('/files/*path'))
      app.get('/x{/*rest}', reply('/x{/*rest}'))
      app.get('/a{/:b}/c', reply('/a{/:b}/c'))
      app.get('/f/:name.:ext', reply('/f/:name.:ext'))
      app.get('/r/:from-:to', reply('/r/:from-:to'))
      app.get('/q/:"with-dash"', reply('quoted name'))
      app.get('/lit\\(paren\\)', reply('escaped parens'))
      app.get(['/arr1', '/arr2/:x'], reply('array'))
      app.use('/w', mw('use /w'))
      app.get('/*splat', reply('/*splat'))
      return app
    },
    steps: gets(
      '/opt',
      '/opt/',
      '/opt/1',
      '/opt/1/2',
      '/t/',
      '/t/x',
      '/t',
      '/docs',
      '/en/docs',
      '/files/a/b/c',
      '/files/',
      '/files',
      '/x',
      '/x/1/2',
      '/a/c',
      '/a/b/c',
      '/f/a.b',
      '/f/a.b.c',
      '/r/x-y',
      '/q/1',
      '/lit(paren)',
      '/arr1',
      '/arr2/9',
      '/w/a',
      '/zzz',
      '/'
    )
  },
  {
    name: 'Express 5 rejects Express 4 path syntax at registration, identically',
    majors: [5],
    build: (e) => {
      const app = e()
      app.get('/old/:a?', reply('never'))
      return app
    },
    steps: []
  },
  {
    name: "use() paths with params set req.params for the middleware only; next('route') in a param callback",
    build: (e) => {
      const app = e()
      app.param('id', onParam('param'))
      app.use('/m/:id', mw('use /m/:id'))
      app.use('/m/:id', nextWith('use route', 'route'))
      app.get('/m/:id/:sub', reply('route /m/:id/:sub'))
      return app
    },
    steps: gets('/m/1/2', '/m/1')
  }
]
