/** `--har`: the requests of a HAR file, with their hosts and how often each was recorded. */
import { describe, expect, it } from 'vitest'
import { harRequests } from '../../src/cli/har.js'

describe('HAR files', () => {
  const entry = (
    method: string,
    url: string,
    headers: Array<[string, string]> = [],
    postData?: unknown
  ): unknown => ({
    request: { method, url, headers: headers.map(([name, value]) => ({ name, value })), postData }
  })

  it('requests with their hosts, Host from the URL; hop-by-hop, recorded host, length and pseudo-headers dropped; bodies; duplicates counted', () => {
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
        headers: { accept: 'a, b', cookie: 'a=1; b=2', host: 'api.example.com' },
        body: null,
        origin: 'GET api.example.com/users/1?full=1',
        weight: 2
      },
      {
        host: '127.0.0.1:3000',
        method: 'POST',
        path: '/users',
        headers: { 'content-type': 'application/json', host: '127.0.0.1:3000' },
        body: '{"a":1}',
        origin: 'POST 127.0.0.1:3000/users',
        weight: 1
      },
      {
        host: '127.0.0.1:3000',
        method: 'POST',
        path: '/form',
        headers: { 'content-type': 'application/x-www-form-urlencoded', host: '127.0.0.1:3000' },
        body: 'a=1+2&b=',
        origin: 'POST 127.0.0.1:3000/form',
        weight: 1
      },
      {
        host: '127.0.0.1:3000',
        method: 'PUT',
        path: '/form',
        headers: { 'content-type': 'text/plain', host: '127.0.0.1:3000' },
        body: 'x',
        origin: 'PUT 127.0.0.1:3000/form',
        weight: 1
      },
      {
        host: '127.0.0.1:3000',
        method: 'DELETE',
        path: '/x',
        headers: { host: '127.0.0.1:3000' },
        body: null,
        origin: 'DELETE 127.0.0.1:3000/x',
        weight: 1
      },
      {
        host: '127.0.0.1:3000',
        method: 'PATCH',
        path: '/x',
        headers: { host: '127.0.0.1:3000' },
        body: '',
        origin: 'PATCH 127.0.0.1:3000/x',
        weight: 1
      }
    ])
  })

  it.each([null, {}, { log: {} }, { log: { entries: {} } }])('refuses %j: not a HAR file', (bad) => {
    expect(() => harRequests(bad)).toThrow('not a HAR file (no log.entries array)')
  })
})
