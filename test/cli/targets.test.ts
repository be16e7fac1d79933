/**
 * The requests `check` sends and `bench` replays: placeholders per route, `--samples`,
 * `--methods`, requests given by an OpenAPI document or a HAR, HEAD probes.
 */
import { describe, expect, it } from 'vitest'
import type { RouteInfo } from '../../src/cli/routes.js'
import {
  checkTargets,
  encodeBody,
  headProbes,
  parseMethods,
  parseSamples,
  samplePath
} from '../../src/cli/targets.js'
import { target } from '../helpers/cli-target.js'

const route = (path: string, ...methods: string[]): RouteInfo => ({ methods, path, exact: true })

describe('checkTargets: methods, samples, given requests', () => {
  it('GET by default, HEAD left to headProbes, other methods only when asked', () => {
    const routes = [
      route('/a', 'GET', 'POST'),
      route('/k', 'HEAD', 'GET'),
      route('/h', 'HEAD'),
      route('/d', 'DELETE'),
      route('/all', 'ALL')
    ]
    expect(checkTargets(routes).map((t) => `${t.method} ${t.path}`)).toEqual([
      'GET /a',
      'GET /k',
      'HEAD /h',
      'GET /all'
    ])
    const withMethods = checkTargets(routes, { methods: ['POST', 'DELETE'] })
    expect(withMethods.map((t) => `${t.method} ${t.path} ${String(t.body)}`)).toEqual([
      'GET /a null',
      'POST /a {}',
      'GET /k null',
      'HEAD /h null',
      'DELETE /d null',
      'GET /all null',
      'POST /all {}',
      'DELETE /all null'
    ])
    expect(withMethods[1]?.headers).toEqual({ 'content-type': 'application/json' })
    expect(headProbes(withMethods).map((t) => `${t.method} ${t.path}`)).toEqual([
      'HEAD /a',
      'HEAD /k',
      'HEAD /all'
    ])
  })

  it('samples may name a method and carry a body; a sample without one goes with every method sent', () => {
    const routes = [route('/items', 'GET', 'POST', 'HEAD'), route('/items/:id', 'PUT')]
    const targets = checkTargets(routes, {
      samples: {
        '/items': [
          { query: { q: '1' } },
          { method: 'post', body: { name: 'a' } },
          { method: 'POST', body: 'raw', headers: { 'content-type': 'text/plain' } },
          { method: 'HEAD' }
        ],
        '/items/:id': {
          params: { id: '7' },
          method: 'PUT',
          body: { done: true },
          headers: { 'Content-Type': 'application/merge-patch+json' }
        }
      }
    })
    expect(targets).toEqual([
      target('/items', '/items?q=1'),
      target('/items', '/items?q=1', {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' }
      }),
      target('/items', '/items', {
        method: 'POST',
        body: '{"name":"a"}',
        headers: { 'content-type': 'application/json' }
      }),
      target('/items', '/items', { method: 'POST', body: 'raw', headers: { 'content-type': 'text/plain' } }),
      target('/items', '/items?q=1', { method: 'HEAD' }),
      target('/items', '/items', { method: 'HEAD' }),
      target('/items/:id', '/items/7', {
        method: 'PUT',
        body: '{"done":true}',
        headers: { 'Content-Type': 'application/merge-patch+json' }
      })
    ])
    // A POST route with a sample naming another method only: nothing for POST without --methods.
    expect(checkTargets([route('/p', 'POST')], { samples: { '/p': { method: 'PUT' } } })).toEqual([])
    expect(headProbes(targets)).toEqual([])
  })

  it('given requests (OpenAPI, HAR) come first in their order, replace placeholders, merge duplicates', () => {
    const given = [
      target('/b', '/b', { method: 'POST', body: '{}' }),
      target('/a/:id', '/a/9', { weight: 2 }),
      target('no route', '/favicon.ico'),
      target('/a/:id', '/a/9', { weight: 3 })
    ]
    const targets = checkTargets([route('/a/:id', 'GET'), route('/b', 'GET', 'POST'), route('/c', 'GET')], {
      given
    })
    expect(targets.map((t) => `${t.method} ${t.path} ${t.weight}`)).toEqual([
      'POST /b 1',
      'GET /a/9 5',
      'GET /favicon.ico 1',
      'GET /b 1',
      'GET /c 1'
    ])
    expect(checkTargets([], { given: [target('no route', '/x')] }).map((t) => t.path)).toEqual(['/x'])
  })

  it.each([
    [undefined, {}, { body: null, headers: {} }],
    [null, { a: '1' }, { body: null, headers: { a: '1' } }],
    ['raw', {}, { body: 'raw', headers: {} }],
    [[1], {}, { body: '[1]', headers: { 'content-type': 'application/json' } }],
    [{ a: 1 }, { 'Content-Type': 'x' }, { body: '{"a":1}', headers: { 'Content-Type': 'x' } }]
  ])('encodeBody(%j, %j)', (body, headers, encoded) => {
    expect(encodeBody(body, headers)).toEqual(encoded)
  })
})

describe('placeholders and samples over discovered routes', () => {
  const routes: RouteInfo[] = [
    route('/api/a/:id?', 'GET'),
    route('/api/any', 'ALL'),
    route('/u/:uid/v1.0/:pid', 'GET'),
    { methods: ['GET'], path: '<regexp>', exact: false },
    route('/opt(ional)?', 'GET')
  ]

  it('a placeholder per readable route; a RegExp or a template with groups is never requested', () => {
    expect(checkTargets(routes).map((t) => t.path)).toEqual(['/api/a/1', '/api/any', '/u/1/v1.0/1'])
  })

  it('samples fill params, query and headers; a template without one keeps its placeholder', () => {
    const samples = parseSamples(
      '{"/api/a/:id?": [{"params": {"id": "7"}, "query": {"q": "x y"}, "headers": {"accept": "text/html"}}, {}], "/api/any": {"headers": {"x-a": "1"}}, "/opt(ional)?": {}}'
    )
    expect(checkTargets(routes, { samples })).toEqual([
      target('/api/a/:id?', '/api/a/7?q=x+y', { headers: { accept: 'text/html' } }),
      target('/api/a/:id?', '/api/a/1'),
      target('/api/any', '/api/any', { headers: { 'x-a': '1' } }),
      target('/u/:uid/v1.0/:pid', '/u/1/v1.0/1')
    ])
  })

  it('two routes with one template are requested once; an app without routes gets GET /', () => {
    expect(checkTargets([route('/', 'GET'), route('/', 'GET')])).toHaveLength(1)
    expect(checkTargets([])).toEqual([target('/', '/')])
  })

  it.each(['[]', 'null', '1'])('refuses %s as samples', (bad) => {
    expect(() => parseSamples(bad)).toThrow('samples: expected an object')
  })
})

describe('samplePath', () => {
  it.each([
    ['/files{/:name}/*rest', {}, '/files/1/x'],
    ['', {}, '/'],
    ['/u/:id/*rest', { id: 'a b?', rest: 'c' }, '/u/a%20b%3F/c'],
    ['/a/(\\d+)', {}, undefined]
  ])('%s with %j → %s', (template, params, path) => {
    expect(samplePath(template, params)).toBe(path)
  })
})

describe('parseMethods', () => {
  it('reads a comma-separated list in any case', () => {
    expect(parseMethods('get,Patch')).toEqual(['GET', 'PATCH'])
  })

  it.each(['', ',', 'GE T', 'CONNECT'])('refuses %j', (bad) => {
    expect(() => parseMethods(bad)).toThrow(/^--methods takes HTTP methods/)
  })
})
