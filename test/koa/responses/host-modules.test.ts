/**
 * src/koa/responses/host-modules.ts: the stream test and status messages of the app's own Koa,
 * from where that Koa lives.
 */
import { describe, expect, it } from 'vitest'
import { createRequire } from 'node:module'
import { Readable } from 'node:stream'
import type { Statuses } from '../../../src/koa/host-types.js'
import { isNodeStream, statusMessages, streamTestOf } from '../../../src/koa/responses/host-modules.js'

const require = createRequire(import.meta.url)

/** Each Koa's application.js, and the modules its own require gives. */
const KOAS = [
  ['koa-2', require.resolve('koa2/lib/application.js')],
  ['koa-3', require.resolve('koa/lib/application.js')]
] as const

describe.each(KOAS)('%s', (major, path) => {
  const hostRequire = createRequire(path)

  it("tests streams as that Koa does: Koa 3's lib/is-stream.js, Koa 2's instanceof Stream", () => {
    const test = streamTestOf(path, major)
    expect(test).toBe(major === 'koa-3' ? hostRequire('./is-stream.js') : isNodeStream)
    expect(test(Readable.from([]))).toBe(true)
    expect(test({})).toBe(false)
  })

  it("reads status messages where that Koa's statuses keeps them", () => {
    const statuses = hostRequire('statuses') as Statuses
    expect(statusMessages(statuses, major)[404]).toBe('Not Found')
  })
})
