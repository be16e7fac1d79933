/**
 * `--openapi`: the requests of an OpenAPI 3.x or Swagger 2.0 document's examples, with
 * generated values where it gives none.
 */
import { parse as parseYaml } from 'yaml'
import { describe, expect, it } from 'vitest'
import {
  MAX_EXAMPLES,
  parseSpecText,
  schemaSample,
  serialiseBody,
  serverPath,
  specRequests
} from '../../src/cli/openapi.js'

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

  it('at most MAX_EXAMPLES requests per operation; YAML without the yaml package and bad JSON are refused', () => {
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
  })

  it.each([
    [null, /^not an OpenAPI 3\.x or Swagger 2\.0 document/],
    [[], /^not an OpenAPI 3\.x or Swagger 2\.0 document/],
    [{}, /^not an OpenAPI 3\.x or Swagger 2\.0 document/],
    [{ openapi: 3 }, /^not an OpenAPI 3\.x or Swagger 2\.0 document/],
    [{ openapi: '2.0' }, /^not an OpenAPI 3\.x or Swagger 2\.0 document/],
    [{ swagger: '1.2' }, /^not an OpenAPI 3\.x or Swagger 2\.0 document/],
    [{ openapi: '3.0.0' }, /^the document has no "paths" object$/],
    [
      { openapi: '3.0.0', paths: { '/x': { summary: 'no operation' }, '/y': 1 } },
      /^the document has no operations under "paths"$/
    ]
  ])('refuses %j in one line', (doc, message) => {
    expect(() => specRequests(doc)).toThrow(message)
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
