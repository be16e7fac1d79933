/**
 * Koa: every kind of response answers the same with `app.use(pulya())` as vanilla — status,
 * headers in their order, body, the app's 'error' events and what the default `app.onerror`
 * logs — on Koa 2 and 3, for a default app, a silent one and one with its own `onerror`.
 * pulya's response work (src/koa/responses/) sits under all of these.
 */
import { it } from 'vitest'
import { Readable } from 'node:stream'
import KoaRouter from '@koa/router'
import type Koa from 'koa'
import type { Context } from 'koa'
import { pulya } from '../../../src/koa/index.js'
import type { KoaClass } from '../../helpers/hosts.js'
import {
  describeKoa,
  expectSame,
  normalizeStackFrames,
  serveKoa,
  sides,
  type DiffStep
} from '../../helpers/differential.js'

type Handler = (ctx: Context) => unknown

function httpError(status: number, message: string, extra: Record<string, unknown>): Error {
  return Object.assign(new Error(message), { status, ...extra })
}

/** One route per case; each is requested with GET, and the HEAD-marked ones with HEAD too. */
const CASES: Record<string, Handler> = {
  html: (ctx) => {
    ctx.body = '  <p>hi</p>'
  },
  text: (ctx) => {
    ctx.body = 'plain text ü'
  },
  buffer: (ctx) => {
    ctx.body = Buffer.from('bytes')
  },
  json: (ctx) => {
    ctx.body = { a: 1, b: [true, null] }
  },
  array: (ctx) => {
    ctx.body = [1, 'two']
  },
  'json-typed': (ctx) => {
    ctx.type = 'application/vnd.api+json'
    ctx.body = { data: [] }
  },
  'json-then-null': (ctx) => {
    ctx.type = 'json'
    ctx.body = undefined
  },
  'explicit-null': (ctx) => {
    ctx.body = null
  },
  undefined: (ctx) => {
    ctx.body = undefined
  },
  stream: (ctx) => {
    ctx.body = Readable.from(['a', 'b', 'c'])
  },
  'stream-replaced': (ctx) => {
    ctx.body = Readable.from(['x'])
    ctx.body = 'after stream'
  },
  'status-204': (ctx) => {
    ctx.status = 204
    ctx.body = 'dropped'
  },
  'status-304': (ctx) => {
    ctx.body = 'dropped'
    ctx.status = 304
  },
  'status-only': (ctx) => {
    ctx.status = 201
  },
  'status-503': (ctx) => {
    ctx.status = 503
  },
  'respond-false': (ctx) => {
    ctx.respond = false
    ctx.res.setHeader('X-Own', 'yes')
    ctx.res.end('by hand')
  },
  'expose-error': () => {
    throw httpError(400, 'bad input', { expose: true })
  },
  'error-headers': () => {
    throw httpError(429, 'slow down', {
      expose: false,
      headers: { 'Retry-After': '5', 'Content-Type': 'x/y', 'content-length': '9', 'X-Trace': ['a', 'b'] }
    })
  },
  'error-status-invalid': () => {
    throw httpError(999, 'odd', {})
  },
  // Koa leaves a response whose headers went out to whoever sent them: the handler ends it.
  'error-after-headers': (ctx) => {
    ctx.set('X-Early', '1')
    ctx.res.flushHeaders()
    setTimeout(() => ctx.res.end(), 5)
    throw new Error('late')
  },
  'error-after-body': (ctx) => {
    ctx.res.write('partial')
    setTimeout(() => ctx.res.end('-end'), 5)
    throw new Error('later')
  },
  'non-error-thrown': () => {
    throw 'a string' as unknown as Error
  },
  'error-in-500': () => {
    throw new Error('boom')
  },
  redirect: (ctx) => {
    ctx.redirect('/elsewhere')
  },
  'redirect-absolute': (ctx) => {
    ctx.redirect('http://example.com/a b?c=<d>')
  },
  attachment: (ctx) => {
    ctx.attachment('report ü.pdf')
    ctx.body = 'pdf?'
  },
  'headers-variety': (ctx) => {
    ctx.set('X-Multi', ['a', 'b'])
    ctx.set({ 'X-A': '1', 'X-B': 'b' })
    ctx.set('X-Num', 5 as unknown as string)
    ctx.set('Content-Type', ['text/csv'])
    ctx.set('', 'ignored')
    ctx.append('X-Multi', 'c')
    ctx.remove('X-A')
    ctx.body = 'a,b'
  },
  'types-variety': (ctx) => {
    ctx.type = 'html'
    ctx.type = 'no-such-type-anywhere'
    const cleared = ctx.type
    ctx.type = '.png'
    ctx.type = 'text/x-custom; charset=latin1'
    ctx.set('X-Cleared', `[${cleared}]`)
    ctx.body = Buffer.from('img')
  },
  'length-explicit': (ctx) => {
    ctx.body = 'twelve bytes'
    ctx.length = 12
  },
  'transfer-encoding': (ctx) => {
    ctx.set('Transfer-Encoding', 'chunked')
    ctx.body = 'chunks'
  },
  'set-after-headers-sent': (ctx) => {
    ctx.res.flushHeaders()
    ctx.set('X-Late', '1')
    ctx.type = 'json'
    ctx.body = 'x'
  },
  // A body replaced by another of a different kind: type, length and status as the last setter left them.
  'json-then-text': (ctx) => {
    ctx.body = { a: 1 }
    ctx.body = 'now text'
  },
  'text-then-json': (ctx) => {
    ctx.body = '<b>first</b>'
    ctx.body = { a: 1 }
  },
  'buffer-then-null': (ctx) => {
    ctx.body = Buffer.from('b')
    ctx.body = null
  },
  'json-then-stream': (ctx) => {
    ctx.body = { a: 1 }
    ctx.body = Readable.from(['s'])
  },
  'stream-then-json': (ctx) => {
    ctx.body = Readable.from(['s'])
    ctx.body = { b: 2 }
  },
  'stream-then-buffer': (ctx) => {
    ctx.body = Readable.from(['s'])
    ctx.body = Buffer.from('buf')
  },
  // Content-Length removal: a JSON body drops a length set before it.
  'length-then-json': (ctx) => {
    ctx.length = 3
    ctx.body = { c: 3 }
  },
  'typed-text-json': (ctx) => {
    ctx.type = 'text'
    ctx.body = { d: 4 }
  },
  'typed-buffer': (ctx) => {
    ctx.type = 'png'
    ctx.body = Buffer.from([1, 2, 3])
  },
  'empty-string': (ctx) => {
    ctx.body = ''
  },
  'status-then-body': (ctx) => {
    ctx.status = 201
    ctx.body = 'created'
  },
  'status-200-null': (ctx) => {
    ctx.status = 200
    ctx.body = null
  },
  // An explicit null body under a status that has a body: respond's empty answer with no type.
  'null-then-status': (ctx) => {
    ctx.body = null
    ctx.status = 200
  },
  'status-message-only': (ctx) => {
    ctx.status = 404
    ctx.message = 'Nothing here'
  },
  'status-418': (ctx) => {
    ctx.status = 418
  },
  'null-prototype-json': (ctx) => {
    ctx.body = Object.assign(Object.create(null) as object, { e: 5 })
  },
  'to-json': (ctx) => {
    ctx.body = new Date(0)
  },
  'body-later': async (ctx) => {
    await new Promise((resolve) => setImmediate(resolve))
    ctx.body = { late: true }
  },
  'ended-by-hand': (ctx) => {
    ctx.res.end('by hand, respond left on')
  },
  'error-after-body-set': (ctx) => {
    ctx.body = { f: 6 }
    ctx.set('X-Gone', '1')
    throw httpError(409, 'conflict', { expose: true })
  },
  blob: (ctx) => {
    ctx.body = new Blob(['blob body'], { type: 'text/x-blob' })
  },
  'readable-stream': (ctx) => {
    ctx.body = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode('web'))
        c.close()
      }
    })
  },
  'fetch-response-empty': (ctx) => {
    ctx.body = new Response(null, { status: 200 })
  },
  'stream-error': (ctx) => {
    ctx.body = new Readable({
      read() {
        this.destroy(new Error('stream broke'))
      }
    })
  },
  'buffer-chunked': (ctx) => {
    ctx.set('Transfer-Encoding', 'chunked')
    ctx.body = Buffer.from('chunked bytes')
  },
  'json-chunked': (ctx) => {
    ctx.set('Transfer-Encoding', 'chunked')
    ctx.body = { chunked: true }
  },
  'json-after-headers-sent': (ctx) => {
    ctx.res.flushHeaders()
    ctx.body = { late: 'head' }
  },
  'no-body-after-headers-sent': (ctx) => {
    ctx.status = 202
    ctx.res.flushHeaders()
  },
  'status-unknown': (ctx) => {
    ctx.status = 599
  },
  'fetch-response': (ctx) => {
    ctx.body = new Response('from fetch', { status: 202, headers: { 'X-R': '1' } })
  }
}

const HEAD_CASES = [
  'json',
  'html',
  'text',
  'buffer',
  'stream',
  'status-only',
  'explicit-null',
  'json-then-null',
  'length-then-json',
  'status-418',
  'transfer-encoding'
]

type Flavour = 'default' | 'silent' | 'own-onerror'

interface Built {
  app: Koa
  events: string[]
}

function build(Koa: KoaClass, withPulya: boolean, flavour: Flavour): Built {
  const app = new Koa()
  const events: string[] = []
  if (flavour === 'silent') app.silent = true
  if (flavour === 'own-onerror')
    app.onerror = (err: Error) => {
      events.push(`own onerror: ${err.message}`)
    }
  app.on('error', (err: Error & { headerSent?: boolean; status?: number }, ctx: Context | undefined) => {
    events.push(
      `error event: ${err.message} status=${String(err.status)} headerSent=${String(err.headerSent)} path=${ctx?.path ?? '-'}`
    )
  })
  if (withPulya) app.use(pulya())
  const router = new KoaRouter()
  for (const [name, handler] of Object.entries(CASES)) router.get(`/${name}`, handler)
  app.use(router.routes()).use(router.allowedMethods())
  return { app, events }
}

const ACCEPT = { accept: 'text/html' }

describeKoa("responses with app.use(pulya()) are vanilla's", ({ Koa }) => {
  it.each(['default', 'silent', 'own-onerror'] as const)(
    '%s app: every case, GET and HEAD, twice',
    async (flavour) => {
      const requests: Array<DiffStep<Built>> = []
      for (const name of Object.keys(CASES))
        requests.push({ method: 'GET', path: `/${name}`, headers: ACCEPT })
      for (const name of HEAD_CASES) requests.push({ method: 'HEAD', path: `/${name}`, headers: ACCEPT })
      for (const [method, path] of [
        ['GET', '/missing'],
        ['HEAD', '/missing'],
        ['POST', '/json'],
        ['GET', '/%E0%A4%A']
      ] as const)
        requests.push({ method, path, headers: ACCEPT })
      // Twice: the first request of an app is where pulya prepares it. The app's 'error' events
      // (and its own onerror's) are compared after each request; the default onerror's log is
      // compared with its stack frames normalised (pulya's middleware is one of them).
      await expectSame(
        sides((built: Built) => serveKoa(built.app), build(Koa, false, flavour), {
          pulya: build(Koa, true, flavour)
        }),
        [...requests, ...requests],
        {
          normalize: normalizeStackFrames,
          observe: (built) => built.events.splice(0)
        }
      )
    }
  )
})
