/**
 * Koa: header values with bytes above ASCII reach the wire as vanilla puts them there, through
 * every Koa API that sets a header and every kind of body — pulya's `response.set`, `ctx.type`
 * and `ctx.body` setters and its `respond` mirror hand Node the same values and the same body
 * types as Koa (a string body goes out with the head as UTF-8, a Buffer after a latin1 head).
 * Raw bytes on the wire are compared (the client reads a head as latin1, one character per byte).
 */
import { expect, it } from 'vitest'
import type Koa from 'koa'
import type { Context } from 'koa'
import { pulya } from '../../../src/koa/index.js'
import type { KoaClass } from '../../helpers/hosts.js'
import { describeKoa, expectSame, req, serveKoa, sides, type StepResult } from '../../helpers/differential.js'
import { ALL_HIGH_BYTES, HIGH_BYTES, headHasHighBytes, headerValue } from '../../helpers/header-bytes.js'

type Handler = (ctx: Context, value: string) => void

/** Each way to put `value` into a header, and whether its bytes reach the head as they are. */
const SETTERS: Record<string, { readonly set: Handler; readonly raw: boolean }> = {
  set: {
    set: (ctx, v) => {
      ctx.set('X-Set', v)
    },
    raw: true
  },
  'set-object': {
    set: (ctx, v) => {
      ctx.set({ 'X-Set-Object': v })
    },
    raw: true
  },
  append: {
    set: (ctx, v) => {
      ctx.append('X-Append', [v, 'b'])
    },
    raw: true
  },
  attachment: {
    set: (ctx, v) => {
      ctx.attachment(`${v} 2024.pdf`)
    },
    raw: true
  },
  // Koa percent-encodes a redirect's URL.
  redirect: {
    set: (ctx, v) => {
      ctx.redirect(`/to/${v}`)
    },
    raw: false
  },
  cookie: { set: (ctx, v) => ctx.cookies.set('c', v), raw: true },
  vary: {
    set: (ctx, v) => {
      ctx.set('Vary', `X-${v}`)
      ctx.vary('Accept')
    },
    raw: true
  },
  type: { set: (ctx, v) => (ctx.type = `text/plain; p="${v}"`), raw: true },
  setHeader: { set: (ctx, v) => ctx.res.setHeader('X-Raw', v), raw: true }
}

/** Every kind of body, set after the setters ran. */
const BODIES: Record<string, Handler> = {
  string: (ctx) => (ctx.body = 'body é'),
  object: (ctx, v) => (ctx.body = { v }),
  buffer: (ctx) => (ctx.body = Buffer.from('bytes')),
  // No body: Koa's status message (a redirect keeps its own).
  none: () => undefined,
  null: (ctx) => (ctx.body = null),
  error: (_ctx, v) => {
    throw Object.assign(new Error('boom'), { status: 409, expose: true, headers: { 'X-Error': v } })
  }
}

/** `every` runs all setters but `redirect` (its body would replace the one set after). */
function runSetters(ctx: Context, name: string, value: string): void {
  for (const [setter, { set }] of Object.entries(SETTERS)) {
    if (name === setter || (name === 'every' && setter !== 'redirect')) set(ctx, value)
  }
}

/** One app per side: `/:setter/:body/:bytes` sets a header by `setter` and answers with `body`. */
function build(Koa: KoaClass, withPulya: boolean): Koa {
  const app = new Koa({ keys: ['k'] })
  app.silent = true
  if (withPulya) app.use(pulya())
  app.use((ctx) => {
    const [, setter = '', body = '', bytes = ''] = ctx.path.split('/')
    const value = headerValue(bytes)
    runSetters(ctx, setter, value)
    ;(BODIES[body] as Handler)(ctx, value)
  })
  return app
}

describeKoa('header values with bytes 0x80–0xFF', ({ Koa }) => {
  const both = () => sides(serveKoa, build(Koa, false), { pulya: build(Koa, true) })

  it.each(Object.entries(SETTERS))(
    '%s: all of them, every kind of body, GET and HEAD',
    async (setter, { raw }) => {
      const steps = Object.keys(BODIES).flatMap((body) =>
        ['GET', 'HEAD'].map((method) => req(method, `/${setter}/${body}/${ALL_HIGH_BYTES}`))
      )
      const [sent] = await expectSame(both(), steps)
      // The setter's bytes reached vanilla's head as they are: the comparison compared them.
      expect(headHasHighBytes(sent as StepResult)).toBe(raw)
    }
  )

  it.each(['string', 'object', 'buffer'])('each byte on its own, through every setter, %s', async (body) => {
    const steps = HIGH_BYTES.map((byte) => req('GET', `/every/${body}/${byte}`))
    const results = await expectSame(both(), steps, { concurrency: 16 })
    expect(results.filter((result) => result.vanilla.status !== 200 || !headHasHighBytes(result))).toEqual([])
  })
})
