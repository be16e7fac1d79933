/**
 * src/koa/responses/header-setters.ts: what is installed on which app, and what is left to Koa.
 * (The answers themselves are compared with vanilla in differential.test.ts.)
 */
import { describe, expect, it } from 'vitest'
import { ServerResponse, IncomingMessage } from 'node:http'
import { Socket } from 'node:net'
import { prepareKoaResponse } from '../../../src/koa/responses/header-setters.js'
import { KOA_HOSTS, type KoaClass } from '../../helpers/hosts.js'

const [{ Koa: Koa2 }, { Koa: Koa3 }] = KOA_HOSTS as unknown as [{ Koa: KoaClass }, { Koa: KoaClass }]

/** A Koa response object of `app` on a real node:http response, as Koa builds one. */
function responseOf(app: { createContext: (req: IncomingMessage, res: ServerResponse) => unknown }): {
  response: { type: string; set: (f: unknown, v?: unknown) => void }
  res: ServerResponse
} {
  const req = new IncomingMessage(new Socket())
  const res = new ServerResponse(req)
  const ctx = app.createContext(req, res) as {
    response: { type: string; set: (f: unknown, v?: unknown) => void }
  }
  return { response: ctx.response, res }
}

describe('prepareKoaResponse', () => {
  it('installs set and the type setter on a Koa 3 app, once', () => {
    const app = new Koa3()
    expect(prepareKoaResponse(app)).toBe(true)
    expect(Object.keys(app.response)).toEqual(['set', 'type'])
    expect(prepareKoaResponse(app)).toBe(false)
  })

  it('leaves Koa 2 (its set and cache-content-type are cheap already) and unknown sources alone', () => {
    expect(prepareKoaResponse(new Koa2())).toBe(false)
    // Another version's set, with Koa 3's type setter.
    const koaResponse = Object.getPrototypeOf(new Koa3().response) as object
    const other = Object.create(koaResponse, {
      set: {
        value: function set(): void {
          /* another version */
        }
      }
    }) as object
    expect(prepareKoaResponse({ response: Object.create(other) as object })).toBe(false)
  })

  it('leaves an app that has its own set or type, or no response prototype', () => {
    const own = new Koa3()
    Object.assign(own.response, {
      set(): void {
        /* the app's own */
      }
    })
    expect(prepareKoaResponse(own)).toBe(false)
    expect(prepareKoaResponse({ response: Object.create(null) as object })).toBe(false)
    expect(prepareKoaResponse({ response: null })).toBe(false)
    expect(prepareKoaResponse({})).toBe(false)
  })

  it('leaves a Koa whose response module is not in the CommonJS cache (a bundle)', () => {
    const koaResponse = Object.getPrototypeOf(new Koa3().response) as object
    // The copy carries Koa's own functions, but is not an object any loaded module exports.
    const copy = Object.create(koaResponse, {
      type: Object.getOwnPropertyDescriptor(koaResponse, 'type') ?? {}
    }) as object
    expect(prepareKoaResponse({ response: Object.create(copy) as object })).toBe(false)
  })

  it('remembers at most 256 types of at most 256 characters and answers each as mime-types does', () => {
    const app = new Koa3()
    prepareKoaResponse(app)
    const { response, res } = responseOf(app)
    for (let i = 0; i < 300; i++) {
      response.type = `application/x-t${i}`
      expect(res.getHeader('Content-Type')).toBe(`application/x-t${i}`)
    }
    response.type = 'json'
    expect(res.getHeader('Content-Type')).toBe('application/json; charset=utf-8')
    response.type = 'no-such-type'
    expect(res.hasHeader('Content-Type')).toBe(false)
    response.type = 42 as unknown as string
    expect(res.hasHeader('Content-Type')).toBe(false)
    const long = `application/x-${'l'.repeat(300)}`
    response.type = long
    response.type = long
    expect(res.getHeader('Content-Type')).toBe(long)
  })
})
