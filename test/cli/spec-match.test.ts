/**
 * Matching an OpenAPI document's and a HAR's requests to the app's routes: the prefix a
 * document sits under, which of a HAR's hosts are the app, and refusals in one line.
 */
import { describe, expect, it } from 'vitest'
import type { RouteInfo } from '../../src/cli/routes.js'
import { matchHar, matchSpec, prefixCandidates, type Matcher } from '../../src/cli/spec-match.js'
import { target } from '../helpers/cli-target.js'

const route = (path: string, ...methods: string[]): RouteInfo => ({ methods, path, exact: true })

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
    expect((await matchHar(mixed, match, ['cdn.example.com'])).map((t) => t.template)).toEqual(['no route'])
    await expect(matchHar(mixed, match, ['nope.example.com'])).rejects.toThrow(
      '--har-host nope.example.com: the HAR has no request to it (its hosts: api.example.com (5), cdn.example.com (2), localhost:3000 (1))'
    )
    await expect(matchHar([har('cdn.example.com', 'GET', '/app.js')], match, [])).rejects.toThrow(
      'no request of the HAR matches a route of the app (its hosts, with their requests: cdn.example.com (1)); pulya routes lists the routes'
    )
  })
})
