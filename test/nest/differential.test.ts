/**
 * A NestJS app answered by `ExpressAdapter` (vanilla), by `ExpressAdapter` with `app.use(pulya())`
 * after `NestFactory.create`, and by `PulyaExpressAdapter`: every answer byte for byte the same
 * (status line, raw headers in order, body), on Nest 10, 11 and 12, with each versioning type.
 */
import { describe, it } from 'vitest'
import type { INestApplication } from '@nestjs/common'
import { pulya } from '../../src/express/index.js'
import { expectSame, gets, req, type Side } from '../helpers/differential.js'
import type { DiffRequest } from '../../compat/differential.js'
import { NEST_MAJORS, nestHost, serveNest, startNest, type NestHost, type Versioning } from './_nest.js'

const JSON_TYPE = { 'Content-Type': 'application/json' }
const PREFLIGHT = {
  Origin: 'https://client.example',
  'Access-Control-Request-Method': 'PUT',
  'Access-Control-Request-Headers': 'content-type'
}

function body(method: string, path: string, text: string, headers = JSON_TYPE): DiffRequest {
  return {
    method,
    path,
    headers: { ...headers, 'Content-Length': String(Buffer.byteLength(text)) },
    body: text
  }
}

/** The requests every versioning type shares: what is not versioned. */
const UNVERSIONED: readonly DiffRequest[] = [
  ...gets('/api/items', '/api/items/async', '/api/items/observable', '/api/items/42'),
  ...gets('/api/admin/stats', '/api/misc/raw', '/api/misc/passthrough', '/api/misc/redirect'),
  ...gets('/api/misc/redirect-to?to=/elsewhere', '/api/misc/redirect-to', '/api/misc/file'),
  ...gets('/api/misc/stream', '/api/misc/header', '/api/misc/text', '/api/misc/empty'),
  ...gets('/api/misc/error', '/api/misc/http-error', '/api/misc/teapot', '/api/misc/query?a=1&b[c]=2&a=3'),
  ...gets('/nope', '/api', '/api/misc/head', '/api/items/%ZZ', '/api/misc/text?'),
  req('GET', '/api/admin/stats', { 'X-Api-Key': 'secret' }),
  req('GET', '/api/misc/events', { Accept: 'text/event-stream' }),
  req('GET', '/api/misc/text', { Origin: 'https://client.example' }),
  req('GET', '/api/misc/text', { Origin: 'https://other.example' }),
  req('HEAD', '/api/misc/head'),
  req('HEAD', '/api/items'),
  req('OPTIONS', '/api/items'),
  req('OPTIONS', '/api/misc/any', PREFLIGHT),
  req('PUT', '/api/misc/any'),
  req('DELETE', '/api/misc/any'),
  req('PATCH', '/api/misc/any'),
  req('POST', '/api/items'),
  body('POST', '/api/misc/echo', '{"a":[1,2]}'),
  body('POST', '/api/misc/echo', 'a=1&b[c]=2', { 'Content-Type': 'application/x-www-form-urlencoded' }),
  body('POST', '/api/misc/echo', '{"a":', JSON_TYPE),
  body('POST', '/api/misc/echo', 'plain', { 'Content-Type': 'text/plain' })
]

/** The users routes under each versioning type: how a request names version 1, 2 or 3. */
const VERSIONED: Record<Versioning, (version: number, path: string) => DiffRequest> = {
  uri: (version, path) => ({ method: 'GET', path: `/api/v${version}${path}` }),
  header: (version, path) => req('GET', `/api${path}`, { 'X-Api-Version': String(version) }),
  'media-type': (version, path) => req('GET', `/api${path}`, { Accept: `application/json;v=${version}` })
}

function versioned(versioning: Versioning): DiffRequest[] {
  const at = VERSIONED[versioning]
  const v1 = (request: DiffRequest): DiffRequest => {
    const made = at(1, request.path)
    return { ...request, path: made.path, headers: { ...made.headers, ...request.headers } }
  }
  return [
    at(1, '/users'),
    at(1, '/users?limit=1'),
    at(1, '/users?limit=many'),
    at(1, '/users/1'),
    at(1, '/users/0'),
    at(1, '/users/9'),
    at(1, '/users/1/posts/7'),
    at(2, '/users/2'),
    at(2, '/users/two'),
    at(3, '/users/1'),
    req('GET', '/api/users/1'),
    v1(body('POST', '/users', '{"name":"Linus"}')),
    v1(body('POST', '/users', '{}')),
    v1(body('PUT', '/users/2', '{"name":"Barbara"}')),
    v1(body('PATCH', '/users/1', '{"role":"admin"}')),
    v1(body('PATCH', '/users/7', '{"role":"admin"}')),
    v1({ method: 'DELETE', path: '/users/1' }),
    v1({ method: 'DELETE', path: '/users/5' }),
    v1({ method: 'HEAD', path: '/users/1' }),
    v1({ method: 'OPTIONS', path: '/users/1', headers: PREFLIGHT })
  ]
}

function nestSides(host: NestHost, versioning: Versioning): Array<Side<null>> {
  return [
    { name: 'vanilla', app: null, serve: () => serveNest(host, new host.ExpressAdapter(), versioning) },
    {
      name: 'app.use(pulya())',
      app: null,
      serve: async () => {
        const app: INestApplication = await startNest(host, new host.ExpressAdapter(), versioning)
        app.use(pulya())
        return app.getHttpServer() as ReturnType<typeof serveNest> extends Promise<infer S> ? S : never
      }
    },
    {
      name: 'PulyaExpressAdapter',
      app: null,
      serve: () => serveNest(host, new host.PulyaExpressAdapter(), versioning)
    }
  ]
}

describe.each(NEST_MAJORS.map((major) => ({ major })))('nest@$major', ({ major }) => {
  const host = nestHost(major)

  it.each(['uri', 'header', 'media-type'] as const)('%s versioning: the same answers', async (versioning) => {
    await expectSame(nestSides(host, versioning), [...versioned(versioning), ...UNVERSIONED])
  })
})
