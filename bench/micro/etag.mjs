// ETags of response bodies: Express's own weak generator (SHA-1 of the body, per response)
// against pulya's memoised twin (src/express/responses/etag-memo.ts), on a small answer, a ~1 KB JSON
// answer, and bodies that never repeat (where the memo must cost next to nothing: it goes
// cold after a window with few hits).
import express from 'express'
import { memoised } from '../../dist/esm/express/responses/etag-memo.js'

const weak = express().get('etag fn')
const SMALL = Buffer.from('{"hello":"world"}')
const JSON_1K = Buffer.from(
  JSON.stringify({
    items: Array.from({ length: 12 }, (_, i) => ({
      id: 1296269 + i,
      name: `hello-world-${i}`,
      owner: { login: 'octocat' }
    }))
  })
)
// Unique bodies: enough distinct inputs that a memo of 256 entries never hits.
const UNIQUE = Array.from({ length: 4096 }, (_, i) => Buffer.from(`{"id":${i},"name":"user-${i}"}`))

export const etagSuite = {
  name: 'ETag of a response body',
  cases: [
    { name: 'repeated 17-byte body', inputs: [SMALL], expected: [weak(SMALL)] },
    { name: `repeated ${JSON_1K.length}-byte JSON body`, inputs: [JSON_1K], expected: [weak(JSON_1K)] },
    { name: 'bodies that never repeat', inputs: UNIQUE, expected: UNIQUE.map((b) => weak(b)) }
  ],
  contestants: [
    { name: "Express's weak generator (SHA-1 per response)", build: () => weak },
    { name: 'pulya memoised generator', build: () => memoised(weak) }
  ]
}
