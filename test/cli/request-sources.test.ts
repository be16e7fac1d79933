/**
 * Where `pulya check`/`bench` requests come from, in-process: placeholders, samples and
 * --methods (targets.ts), OpenAPI documents (openapi.ts), HAR files (har.ts), their matching to
 * the app's routes with the hosts' own matchers (routes.ts findRoute, spec-match.ts).
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Router from '@koa/router'
import Koa from 'koa'
import { parse as parseYaml } from 'yaml'
import { describe, expect, it } from 'vitest'
import { EXPRESS_HOSTS } from '../helpers/hosts.js'
import { target } from '../helpers/cli-target.js'
import {
  checkTargets,
  encodeBody,
  headProbes,
  parseMethods,
  type CheckTarget
} from '../../src/cli/targets.js'
import {
  MAX_EXAMPLES,
  parseSpecText,
  schemaSample,
  serialiseBody,
  serverPath,
  specRequests
} from '../../src/cli/openapi.js'
import { harRequests } from '../../src/cli/har.js'
import { matchHar, matchSpec, prefixCandidates, type Matcher } from '../../src/cli/spec-match.js'
import { discoverRoutes, findRoute, type RouteInfo } from '../../src/cli/routes.js'
import { MAX_WEIGHTED, weightedRequests } from '../../src/cli/bench-plan.js'
import { autocannonRequests } from '../../src/cli/load-generator.js'
import { progressBar } from '../../src/cli/progress.js'
import { LoadError, typeScriptLoader } from '../../src/cli/app-loader.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
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

  it('encodes bodies and reads --methods', () => {
    expect(encodeBody(undefined, {})).toEqual({ body: null, headers: {} })
    expect(encodeBody(null, { a: '1' })).toEqual({ body: null, headers: { a: '1' } })
    expect(encodeBody([1], {})).toEqual({ body: '[1]', headers: { 'content-type': 'application/json' } })
    expect(parseMethods('get,Patch')).toEqual(['GET', 'PATCH'])
    for (const bad of ['', ',', 'GE T', 'CONNECT'])
      expect(() => parseMethods(bad)).toThrow(/^--methods takes HTTP methods/)
  })
})

describe('OpenAPI documents', () => {
  it('OpenAPI 3 (YAML): parameter and media examples, $refs, servers, defaults and generated values', () => {
    const doc = parseSpecText(
      `
openapi: 3.1.0
servers: [{ url: 'https://{host}/v{major}/', variables: { major: { default: '2' } } }, { url: /local }, { url: / }]
paths:
  /pets/{petId}/toys/{toy}:
    parameters:
      - { $ref: '#/components/parameters/PetId' }
      - { $ref: '#/components/parameters/Missing' }
      - { $ref: 'other.yaml#/x' }
      - { name: toy, in: path, required: true, schema: { type: string, format: uuid } }
    get:
      parameters:
        - { name: tags, in: query, example: [a, b] }
        - { name: filter, in: query, example: { kind: cat } }
        - { name: page, in: query, schema: { type: integer } }
        - { name: size, in: query, required: true, schema: { type: integer, minimum: 5 } }
        - { name: X-Trace, in: header, schema: { const: t1 } }
        - { name: Authorization, in: header, required: true, example: Bearer x }
        - { name: sid, in: cookie, schema: { enum: [s1, s2] } }
        - { name: lang, in: cookie, schema: { examples: [en, fr] } }
        - { name: broken }
    post:
      requestBody:
        content:
          application/xml: { example: '<pet/>' }
          application/json:
            schema: { $ref: '#/components/schemas/Pet' }
  /forms:
    put:
      requestBody: { $ref: '#/components/requestBodies/Form' }
    patch:
      requestBody: { content: { text/plain: { schema: { type: string, default: hello } } } }
    delete:
      requestBody: { content: { multipart/form-data: { example: { a: 1, b: [x, y] } } } }
    options:
      requestBody: { content: { application/octet-stream: { example: { a: 1 } } } }
    head:
      requestBody: { content: {} }
  /nothing: { $ref: '#/nowhere' }
components:
  parameters:
    PetId:
      name: petId
      in: path
      required: true
      examples: { one: { value: 1 }, two: { value: 'two/2' }, ref: { $ref: '#/components/examples/Three' }, none: { externalValue: x } }
  examples:
    Three: { value: 3 }
  requestBodies:
    Form:
      content:
        application/x-www-form-urlencoded:
          examples: { a: { value: { name: ada, tags: [1, 2] } }, b: { value: 1 } }
  schemas:
    Pet:
      allOf:
        - type: object
          properties:
            id: { type: integer }
            born: { type: string, format: date }
            nick: { type: [string, 'null'] }
            odd: { type: string, format: unknown }
        - properties:
            tags: { type: array, items: { type: string, enum: [small] } }
            kind: { oneOf: [{ type: string, example: cat }] }
            shape: { anyOf: [{ type: number }] }
            vaccinated: { type: boolean }
            owner: { $ref: '#/components/schemas/Owner' }
            misc: {}
    Owner: { type: object, properties: { email: { type: string, format: email }, home: { type: string, format: uri }, at: { type: string, format: date-time } } }
`,
      'spec.yaml',
      (text) => parseYaml(text) as unknown
    )
    const { requests, prefixes } = specRequests(doc)
    expect(prefixes).toEqual(['/v2', '/local'])
    const gets = requests.filter((r) => r.method === 'GET')
    expect(gets.map((r) => r.path)).toEqual([
      '/pets/1/toys/00000000-0000-4000-8000-000000000000?tags=a&tags=b&filter=%7B%22kind%22%3A%22cat%22%7D&size=5',
      '/pets/two%2F2/toys/00000000-0000-4000-8000-000000000000?tags=a&tags=b&filter=%7B%22kind%22%3A%22cat%22%7D&size=5',
      '/pets/3/toys/00000000-0000-4000-8000-000000000000?tags=a&tags=b&filter=%7B%22kind%22%3A%22cat%22%7D&size=5'
    ])
    expect(gets[0]?.headers).toEqual({ 'x-trace': 't1', cookie: 'sid=s1; lang=en' })
    expect(gets[1]?.headers['cookie']).toBe('sid=s1; lang=fr')
    expect(gets[0]?.origin).toBe('GET /pets/{petId}/toys/{toy}')
    const post = requests.find((r) => r.method === 'POST')
    expect(post?.headers).toEqual({ 'content-type': 'application/json' })
    expect(JSON.parse(post?.body as string)).toEqual({
      id: 1,
      born: '2024-01-01',
      nick: 'x',
      odd: 'x',
      tags: ['small'],
      kind: 'cat',
      shape: 1,
      vaccinated: true,
      owner: { email: 'user@example.com', home: 'https://example.com/', at: '2024-01-01T00:00:00Z' },
      misc: null
    })
    expect(requests.filter((r) => r.method === 'PUT').map((r) => r.body)).toEqual(['name=ada&tags=1%2C2', ''])
    expect(requests.find((r) => r.method === 'PATCH')).toMatchObject({
      body: 'hello',
      headers: { 'content-type': 'text/plain' }
    })
    expect(requests.find((r) => r.method === 'DELETE')).toMatchObject({
      body: '--pulya-check-boundary\r\ncontent-disposition: form-data; name="a"\r\n\r\n1\r\n--pulya-check-boundary\r\ncontent-disposition: form-data; name="b"\r\n\r\nx,y\r\n--pulya-check-boundary--\r\n',
      headers: { 'content-type': 'multipart/form-data; boundary=pulya-check-boundary' }
    })
    expect(requests.find((r) => r.method === 'OPTIONS')?.body).toBe('{"a":1}')
    expect(requests.find((r) => r.method === 'HEAD')?.body).toBeNull()
  })

  it('Swagger 2: basePath, x-example, body and formData parameters', () => {
    const base = {
      swagger: '2.0',
      basePath: '/api/',
      consumes: ['application/json'],
      definitions: { N: { type: 'object', properties: { n: { type: 'integer', example: 4 } } } }
    }
    const { requests, prefixes } = specRequests({
      ...base,
      paths: {
        '/n/{id}': {
          get: {
            parameters: [
              { name: 'id', in: 'path', type: 'integer', 'x-example': 12 },
              { name: 'q', in: 'query', type: 'string', enum: ['a'] },
              { name: 'opt', in: 'query', type: 'string' }
            ]
          },
          post: {
            parameters: [
              { name: 'id', in: 'path', type: 'integer' },
              { name: 'b', in: 'body', schema: { $ref: '#/definitions/N' } }
            ]
          },
          put: {
            consumes: ['text/xml'],
            parameters: [
              { name: 'id', in: 'path' },
              { name: 'b', in: 'body', example: { n: 5 } }
            ]
          },
          patch: {
            consumes: ['multipart/form-data'],
            parameters: [
              { name: 'id', in: 'path', default: 3 },
              { name: 'f', in: 'formData', required: true, type: 'string' }
            ]
          },
          delete: { parameters: [{ name: 'f', in: 'formData', type: 'string', default: 'z' }] },
          options: { parameters: [{ name: 'f', in: 'formData', type: 'string' }] }
        }
      }
    })
    expect(prefixes).toEqual(['/api'])
    expect(requests.map((r) => `${r.method} ${r.path} ${String(r.body)}`)).toEqual([
      'GET /n/12?q=a null',
      'POST /n/1 {"n":4}',
      'PUT /n/1 {"n":5}',
      'PATCH /n/3 --pulya-check-boundary\r\ncontent-disposition: form-data; name="f"\r\n\r\nx\r\n--pulya-check-boundary--\r\n',
      'DELETE /n/{id} f=z',
      'OPTIONS /n/{id} null'
    ])
    expect(requests[2]?.headers).toEqual({ 'content-type': 'application/json' })
  })

  it('at most MAX_EXAMPLES requests per operation; what is not a document is refused in one line', () => {
    const examples = Object.fromEntries(Array.from({ length: 9 }, (_v, i) => [`e${i}`, { value: i }]))
    expect(
      specRequests({
        openapi: '3.0.0',
        paths: { '/x': { get: { parameters: [{ name: 'q', in: 'query', examples }] } } }
      }).requests
    ).toHaveLength(MAX_EXAMPLES)
    expect(() => parseSpecText('a: 1', 'spec.yml', undefined)).toThrow(
      'a YAML document needs the yaml package: npm install --save-dev yaml (or give the document as JSON)'
    )
    expect(() => parseSpecText('{', 'spec.json', undefined)).toThrow(SyntaxError)
    for (const doc of [null, [], {}, { openapi: 3 }, { openapi: '2.0' }, { swagger: '1.2' }])
      expect(() => specRequests(doc)).toThrow(/^not an OpenAPI 3\.x or Swagger 2\.0 document/)
    expect(() => specRequests({ openapi: '3.0.0' })).toThrow('the document has no "paths" object')
    expect(() =>
      specRequests({ openapi: '3.0.0', paths: { '/x': { summary: 'no operation' }, '/y': 1 } })
    ).toThrow('the document has no operations under "paths"')
  })

  it('helpers: server paths, bodies, schema samples', () => {
    expect(serverPath('http://h:8080', undefined)).toBe('')
    expect(serverPath('{scheme}://h/{base}', { scheme: { default: 'https' }, base: 'not an object' })).toBe(
      '/base'
    )
    expect(serverPath('api/v1', {})).toBe('/v1')
    expect(serialiseBody('a b', 'application/x-www-form-urlencoded').body).toBe('')
    expect(serialiseBody('a', 'multipart/form-data').body).toBe('--pulya-check-boundary--\r\n')
    expect(serialiseBody({ a: 1 }, 'application/vnd.api+json').body).toBe('{"a":1}')
    expect(serialiseBody(7, 'text/csv').body).toBe('7')
    expect(schemaSample({}, { type: 'number' })).toBe(1)
    expect(schemaSample({}, { allOf: [{ type: 'string' }, { type: 'object' }] })).toBe('x')
    expect(schemaSample({}, { type: 'null' })).toBeNull()
    expect(schemaSample({}, 'not a schema')).toBeNull()
    const deep: Record<string, unknown> = { type: 'object', properties: {} }
    let at = deep
    for (let i = 0; i < 10; i++) {
      const next = { type: 'object', properties: {} }
      ;(at['properties'] as Record<string, unknown>)['x'] = next
      at = next
    }
    expect(JSON.stringify(schemaSample({}, deep))).toBe('{"x":{"x":{"x":{"x":{"x":{"x":{"x":null}}}}}}}')
  })
})

describe('HAR files', () => {
  const entry = (
    method: string,
    url: string,
    headers: Array<[string, string]> = [],
    postData?: unknown
  ): unknown => ({
    request: { method, url, headers: headers.map(([name, value]) => ({ name, value })), postData }
  })

  it('requests with their hosts; hop-by-hop, host, length and pseudo-headers dropped; bodies; duplicates counted', () => {
    const { requests, skipped } = harRequests({
      log: {
        entries: [
          entry('get', 'https://api.example.com/users/1?full=1', [
            ['Host', 'api.example.com'],
            [':authority', 'api.example.com'],
            ['Connection', 'keep-alive'],
            ['Accept', 'a'],
            ['Accept', 'b'],
            ['Cookie', 'a=1'],
            ['cookie', 'b=2'],
            ['X-Bad', 1 as unknown as string]
          ]),
          entry('GET', 'https://api.example.com/users/1?full=1', [
            ['Host', 'api.example.com'],
            ['Accept', 'a'],
            ['Accept', 'b'],
            ['Cookie', 'a=1'],
            ['cookie', 'b=2']
          ]),
          entry('POST', 'http://127.0.0.1:3000/users', [['Content-Length', '9']], {
            mimeType: 'application/json',
            text: '{"a":1}'
          }),
          entry('POST', 'http://127.0.0.1:3000/form', [], {
            mimeType: 'application/x-www-form-urlencoded',
            params: [{ name: 'a', value: '1 2' }, { name: 'b' }, 'bad']
          }),
          entry('PUT', 'http://127.0.0.1:3000/form', [['content-type', 'text/plain']], {
            mimeType: 'application/json',
            text: 'x'
          }),
          entry('DELETE', 'http://127.0.0.1:3000/x', [], { mimeType: '' }),
          entry('PATCH', 'http://127.0.0.1:3000/x', [], { mimeType: '', text: '' }),
          entry('GET', 'data:image/png;base64,AA'),
          entry('CONNECT', 'https://proxy:443/'),
          entry('GET', 'not a url'),
          { request: { url: 1 } },
          null
        ]
      }
    })
    expect(skipped).toBe(5)
    expect(requests).toEqual([
      {
        host: 'api.example.com',
        method: 'GET',
        path: '/users/1?full=1',
        headers: { accept: 'a, b', cookie: 'a=1; b=2' },
        body: null,
        origin: 'GET api.example.com/users/1?full=1',
        weight: 2
      },
      {
        host: '127.0.0.1:3000',
        method: 'POST',
        path: '/users',
        headers: { 'content-type': 'application/json' },
        body: '{"a":1}',
        origin: 'POST 127.0.0.1:3000/users',
        weight: 1
      },
      {
        host: '127.0.0.1:3000',
        method: 'POST',
        path: '/form',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'a=1+2&b=',
        origin: 'POST 127.0.0.1:3000/form',
        weight: 1
      },
      {
        host: '127.0.0.1:3000',
        method: 'PUT',
        path: '/form',
        headers: { 'content-type': 'text/plain' },
        body: 'x',
        origin: 'PUT 127.0.0.1:3000/form',
        weight: 1
      },
      {
        host: '127.0.0.1:3000',
        method: 'DELETE',
        path: '/x',
        headers: {},
        body: null,
        origin: 'DELETE 127.0.0.1:3000/x',
        weight: 1
      },
      {
        host: '127.0.0.1:3000',
        method: 'PATCH',
        path: '/x',
        headers: {},
        body: '',
        origin: 'PATCH 127.0.0.1:3000/x',
        weight: 1
      }
    ])
    for (const bad of [null, {}, { log: {} }, { log: { entries: {} } }])
      expect(() => harRequests(bad)).toThrow('not a HAR file (no log.entries array)')
  })
})

describe("findRoute: the hosts' own matchers", () => {
  it.each(EXPRESS_HOSTS)('$name: mounts, nested routers, sub-apps, methods, HEAD, all()', ({ express }) => {
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
    expect(findRoute(app, 'express', 'GET', '/users/42?x=1')).toBe('/users/:id')
    expect(findRoute(app, 'express', 'HEAD', '/users/42')).toBe('/users/:id')
    expect(findRoute(app, 'express', 'POST', '/users')).toBe('/users')
    expect(findRoute(app, 'express', 'PUT', '/users/1/posts/2')).toBe('/users/:id/posts/:pid')
    expect(findRoute(app, 'express', 'DELETE', '/users/1')).toBeNull()
    expect(findRoute(app, 'express', 'PATCH', '/any')).toBe('/any')
    expect(findRoute(app, 'express', 'GET', '/usersx/1')).toBeNull()
    expect(findRoute(app, 'express', 'GET', '/re')).toBeNull()
    expect(findRoute(app, 'express', 'GET', '/rmount/x')).toBeNull()
    expect(findRoute(app, 'express', 'GET', '/')).toBe('/')
    expect(findRoute(app, 'express', 'GET', '/nope')).toBeNull()
    // Bad percent-encoding in a param: Express answers 400, no route.
    expect(findRoute(app, 'express', 'GET', '/users/%E0%A4%A')).toBeNull()
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

describe('matching documents and traffic to routes', () => {
  const routes = [
    route('/api/v1/users/:id', 'GET', 'PUT'),
    route('/api/v1/users', 'POST'),
    route('/health', 'GET'),
    route('/x/:y/z', 'GET')
  ]
  const templates: Record<string, string> = {
    'GET /api/v1/users/1': '/api/v1/users/:id',
    'PUT /api/v1/users/1': '/api/v1/users/:id',
    'POST /api/v1/users': '/api/v1/users',
    'GET /health': '/health',
    'GET /api/v1/health': '/health'
  }
  const asked: number[] = []
  const match: Matcher = (requests) => {
    asked.push(requests.length)
    return Promise.resolve(
      requests.map((r) => templates[`${r.method} ${r.path.split('?')[0] as string}`] ?? null)
    )
  }
  const spec = (...ops: Array<[string, string]>): Parameters<typeof matchSpec>[0] => ({
    requests: ops.map(([method, path]) => ({
      method,
      path,
      headers: {},
      body: null,
      origin: `${method} ${path}`
    })),
    prefixes: ['/srv']
  })

  it("prefix candidates: none, the servers', the literal leading parts of the templates", () => {
    expect(prefixCandidates(['/srv'], routes)).toEqual(['', '/srv', '/api', '/api/v1', '/api/v1/users', '/x'])
    expect(
      prefixCandidates(
        [],
        Array.from({ length: 80 }, (_v, i) => route(`/p${i}/q`))
      )
    ).toHaveLength(50)
  })

  it('picks the prefix most operations match under; refuses an unmatched operation unless allowed', async () => {
    const { prefix, targets } = await matchSpec(
      spec(['GET', '/users/1?full=1'], ['PUT', '/users/1'], ['POST', '/users']),
      routes,
      match,
      false
    )
    expect(prefix).toBe('/api/v1')
    expect(targets.map((t) => `${t.method} ${t.path} ${t.template}`)).toEqual([
      'GET /api/v1/users/1?full=1 /api/v1/users/:id',
      'PUT /api/v1/users/1 /api/v1/users/:id',
      'POST /api/v1/users /api/v1/users'
    ])
    expect((await matchSpec(spec(['GET', '/health']), routes, match, false)).prefix).toBe('')
    await expect(
      matchSpec(
        spec(['GET', '/users/1'], ['DELETE', '/users/1'], ['GET', '/gone'], ['GET', '/gone']),
        routes,
        match,
        false
      )
    ).rejects.toThrow(
      'DELETE /users/1 under /api/v1 matches no route of the app (and 1 more operation); pulya routes lists them, --allow-unmatched sends such requests anyway'
    )
    await expect(
      matchSpec(spec(['GET', '/a'], ['GET', '/b'], ['GET', '/c']), routes, match, false)
    ).rejects.toThrow('GET /a matches no route of the app (and 2 more operations);')
    await expect(matchSpec(spec(['GET', '/a']), routes, match, false)).rejects.toThrow(
      /^GET \/a matches no route of the app; /
    )
    const allowed = await matchSpec(spec(['GET', '/users/1'], ['GET', '/gone']), routes, match, true)
    expect(allowed.targets.map((t) => t.template)).toEqual(['/api/v1/users/:id', 'no route'])
  })

  it("a HAR: the app's hosts are those with matching requests, or --har-host's; other hosts are refused", async () => {
    const har = (
      host: string,
      method: string,
      path: string,
      weight = 1
    ): Parameters<typeof matchHar>[0][number] => ({
      host,
      method,
      path,
      headers: {},
      body: null,
      origin: `${method} ${host}${path}`,
      weight
    })
    const one = [har('api.example.com', 'GET', '/health', 4), har('api.example.com', 'GET', '/favicon.ico')]
    expect(await matchHar(one, match, [])).toEqual([
      target('/health', '/health', { weight: 4 }),
      target('no route', '/favicon.ico')
    ])
    const mixed = [
      ...one,
      har('cdn.example.com', 'GET', '/app.js', 2),
      har('localhost:3000', 'POST', '/api/v1/users')
    ]
    await expect(matchHar(mixed, match, [])).rejects.toThrow(
      "the HAR also holds requests to other hosts: cdn.example.com (2); name the app's with --har-host api.example.com (repeatable)"
    )
    expect((await matchHar(mixed, match, ['api.example.com', 'localhost'])).map((t) => t.path)).toEqual([
      '/health',
      '/favicon.ico',
      '/api/v1/users'
    ])
    expect(
      (await matchHar(mixed, match, ['cdn.example.com:443'].slice(0, 0).concat(['cdn.example.com']))).map(
        (t) => t.template
      )
    ).toEqual(['no route'])
    await expect(matchHar(mixed, match, ['nope.example.com'])).rejects.toThrow(
      '--har-host nope.example.com: the HAR has no request to it (its hosts: api.example.com (5), cdn.example.com (2), localhost:3000 (1))'
    )
    await expect(matchHar([har('cdn.example.com', 'GET', '/app.js')], match, [])).rejects.toThrow(
      'no request of the HAR matches a route of the app (its hosts, with their requests: cdn.example.com (1)); pulya routes lists the routes'
    )
  })
})

describe('bench requests, progress, TypeScript apps', () => {
  it('weighted lists: repeated by weight, at most MAX_WEIGHTED, each at least once; bodies reach autocannon', () => {
    const list = weightedRequests([
      target('/a', '/a', { weight: 3 }),
      target('/b', '/b', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })
    ])
    expect(list.map((r) => r.path)).toEqual(['/a', '/a', '/a', '/b'])
    expect(list[3]).toEqual({
      method: 'POST',
      path: '/b',
      headers: { 'content-type': 'application/json' },
      body: '{}'
    })
    const big = weightedRequests([target('/a', '/a', { weight: 1000 }), target('/b', '/b', { weight: 1 })])
    expect(big.filter((r) => r.path === '/a')).toHaveLength(MAX_WEIGHTED - 0)
    expect(big.filter((r) => r.path === '/b')).toHaveLength(1)
    expect(autocannonRequests({ requests: list.slice(3) })).toEqual([
      { method: 'POST', path: '/b', headers: { 'content-type': 'application/json' }, body: '{}' }
    ])
    const many = Array.from({ length: 70 }, (_v, i): CheckTarget =>
      target('/p', `/p${i}`, { method: 'POST', body: 'x' })
    )
    expect(autocannonRequests({ requests: weightedRequests(many) })).toHaveLength(70)
  })

  it('a progress bar on a terminal only, redrawn on one line, ended at the total', () => {
    const written: string[] = []
    const stream = { isTTY: true, columns: 30, write: (text: string) => written.push(text) }
    const bar = progressBar(stream)
    bar(1, 4, 'GET /users/1 and a long label')
    bar(4, 4, 'done')
    expect(written).toEqual([
      '\r\x1b[K[######..................] 1/',
      '\r\x1b[K[########################] 4/\n'
    ])
    progressBar({ isTTY: true, columns: 0, write: (text: string) => written.push(text) })(0, 0, 'x')
    expect(written[2]).toBe('\r\x1b[K[........................] 0/0 x\n')
    const quiet: string[] = []
    progressBar({ write: (text: string) => quiet.push(text) })(1, 2, 'x')
    expect(quiet).toEqual([])
  })

  it('TypeScript apps load through tsx (--import), found from the app up or the working folder; without it, one line naming tsx', () => {
    expect(typeScriptLoader('examples/cli/express5-app.mjs', root)).toEqual([])
    expect(typeScriptLoader('examples/cli/nope.ts', root)).toEqual([])
    const [flag, url] = typeScriptLoader('examples/cli/typescript-app.ts', root)
    expect(flag).toBe('--import')
    expect(url).toMatch(/^file:\/\/.*\/node_modules\/tsx\/dist\/loader\.mjs$/)
    const dir = mkdtempSync(join(tmpdir(), 'pulya-ts-'))
    writeFileSync(join(dir, 'app.mts'), 'export default 1\n')
    expect(() => typeScriptLoader('app.mts', dir)).toThrow(LoadError)
    expect(() => typeScriptLoader('app.mts', dir)).toThrow(
      'pulya: app.mts is TypeScript: install tsx to load it (npm install --save-dev tsx)'
    )
    // Found from the working folder when the app's folder has no tsx.
    expect(typeScriptLoader(join(dir, 'app.mts'), root)[0]).toBe('--import')
  })
})
