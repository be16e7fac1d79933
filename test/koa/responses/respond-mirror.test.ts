/**
 * src/koa/responses/respond-mirror.ts: which apps get pulya's `handleRequest`, and which keep
 * Koa's. (The answers themselves are compared with vanilla in differential.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer as createH2Server, connect, type ClientHttp2Session } from 'node:http2'
import { readFileSync, rmSync } from 'node:fs'
import { IncomingMessage, ServerResponse } from 'node:http'
import { Socket } from 'node:net'
import { dirname, join } from 'node:path'
import { Readable } from 'node:stream'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import type { Context } from 'koa'
import {
  createRespond,
  prepareKoaRespond,
  readKoaRespondTexts
} from '../../../src/koa/responses/respond-mirror.js'
import { declarationOf } from '../../../src/core/known-sources.js'
import { pulya, warm } from '../../../src/koa/index.js'
import { KOA_HOSTS, type KoaClass } from '../../helpers/hosts.js'
import { koaCopy, removeKoaCopies } from './_koa-copy.js'

const require = createRequire(import.meta.url)

interface App {
  context: object
  request: object
  response: object
}

/** Koa's own `handleRequest` (not in @types/koa). */
function koaHandleRequest(Koa: KoaClass): (this: unknown, ctx: unknown, fn: unknown) => unknown {
  return (
    Koa.prototype as unknown as { handleRequest: (this: unknown, ctx: unknown, fn: unknown) => unknown }
  ).handleRequest
}

describe.each(KOA_HOSTS)('$name', ({ Koa }) => {
  // What `pulya()` does at start-up: Koa's `respond` is read from its file then, never on a request.
  beforeAll(readKoaRespondTexts)

  it('gets its own handleRequest (not enumerable), once', () => {
    const app = new Koa()
    expect(prepareKoaRespond(app)).toBe(true)
    expect(Object.hasOwn(app, 'handleRequest')).toBe(true)
    expect(Object.keys(app)).not.toContain('handleRequest')
    expect(prepareKoaRespond(app)).toBe(false)
  })

  it.each([
    [
      'its own handleRequest',
      (app: App): void => {
        Object.assign(app, { handleRequest: koaHandleRequest(Koa) })
      }
    ],
    [
      'an own body on app.context',
      (app: App): void => {
        Object.defineProperty(app.context, 'body', { get: () => 'mine' })
      }
    ],
    [
      'an own method on app.request',
      (app: App): void => {
        Object.defineProperty(app.request, 'method', { get: () => 'GET' })
      }
    ],
    [
      'an own status on app.response',
      (app: App): void => {
        Object.defineProperty(app.response, 'status', { get: () => 200 })
      }
    ],
    [
      "a context prototype that is not Koa's",
      (app: App): void => {
        app.context = Object.create(
          Object.create(Object.getPrototypeOf(app.context) as object) as object
        ) as object
      }
    ]
  ])("keeps Koa's handleRequest for an app with %s", (_name, change) => {
    const app = new Koa() as unknown as App
    change(app)
    expect(prepareKoaRespond(app)).toBe(false)
  })

  it("keeps Koa's for a subclass with its own handleRequest, and for objects that are not apps", () => {
    class Own extends Koa {}
    const handleRequest = koaHandleRequest(Koa)
    Object.defineProperty(Own.prototype, 'handleRequest', {
      value: function ownHandleRequest(this: unknown, ctx: Context, fn: unknown): unknown {
        return handleRequest.call(this, ctx, fn)
      }
    })
    expect(prepareKoaRespond(new Own())).toBe(false)
    expect(prepareKoaRespond({ context: {}, request: {}, response: {} })).toBe(false)
    expect(prepareKoaRespond({ context: null, request: {}, response: {} })).toBe(false)
    // Koa's handleRequest on a prototype no loaded module exports.
    const loose = Object.assign(Object.create({ handleRequest: koaHandleRequest(Koa) }) as object, {
      context: {},
      request: {},
      response: {}
    })
    expect(prepareKoaRespond(loose)).toBe(false)
    // A subclass that leaves handleRequest alone is Koa's.
    class Plain extends Koa {}
    expect(prepareKoaRespond(new Plain())).toBe(true)
  })

  it("runs a handleRequest wrapped on the app's prototypes after pulya installed its own (an agent loaded late)", async () => {
    class Sub extends Koa {}
    const app = new Sub()
    app.use((ctx) => {
      ctx.body = 'wrapped'
    })
    expect(prepareKoaRespond(app)).toBe(true)
    const seen: string[] = []
    const koa = koaHandleRequest(Koa)
    Object.defineProperty(Sub.prototype, 'handleRequest', {
      value: function agentHandleRequest(this: unknown, ctx: Context, fn: unknown): unknown {
        seen.push(ctx.path)
        return koa.call(this, ctx, fn)
      }
    })
    const server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    const answer = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/late`)
    expect(await answer.text()).toBe('wrapped')
    expect(seen).toEqual(['/late'])
    await new Promise((resolve) => {
      server.close(resolve)
    })
  })

  it('answers HTTP/2 requests as vanilla (the status code is the default body there)', async () => {
    const answers: string[][] = []
    for (const withPulya of [false, true]) {
      const app = new Koa()
      if (withPulya) app.use(pulya())
      app.use((ctx, next) => {
        if (ctx.path === '/json') ctx.body = { h2: true }
        if (ctx.path === '/text') ctx.body = 'h2 text'
        return next()
      })
      const server = createH2Server(app.callback() as unknown as Parameters<typeof createH2Server>[0])
      await new Promise<void>((resolve) => {
        server.listen(0, '127.0.0.1', resolve)
      })
      const session = connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
      const seen: string[] = []
      // Twice: the first request of an app is where pulya prepares it.
      for (const path of ['/missing', '/missing', '/json', '/text']) seen.push(await h2Get(session, path))
      answers.push(seen)
      session.close()
      await new Promise((resolve) => {
        server.close(resolve)
      })
    }
    expect(answers[1]).toEqual(answers[0])
    expect(answers[0]?.[0]).toContain('404')
  })
})

function h2Get(session: ClientHttp2Session, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':path': path })
    let head = ''
    let body = ''
    stream.on('response', (headers) => {
      head = Object.entries(headers)
        .filter(([name]) => name !== 'date')
        .map(([name, value]) => `${name}: ${String(value)}`)
        .join('\n')
    })
    stream.setEncoding('utf8')
    stream.on('data', (chunk: string) => {
      body += chunk
    })
    stream.on('end', () => {
      resolve(`${head}\n\n${body}`)
    })
    stream.on('error', reject)
    stream.end()
  })
}

describe("a copy of Koa 3 whose sources differ keeps Koa's own", () => {
  afterAll(removeKoaCopies)

  const koa2Respond =
    declarationOf(readFileSync(require.resolve('koa2/lib/application.js'), 'utf8'), 'respond') ?? ''
  it.each([
    ['unchanged', (_file: string, text: string): string => text, true],
    [
      'respond edited',
      (file: string, text: string): string =>
        file === 'application.js'
          ? text.replace('function respond (ctx) {\n', 'function respond (ctx) {\n  // edited\n')
          : text,
      false
    ],
    [
      'respond of Koa 2',
      (file: string, text: string): string =>
        file === 'application.js' ? text.replace(declarationOf(text, 'respond') ?? '', koa2Respond) : text,
      false
    ],
    // The same forwarder text, to another object: only the probe tells.
    [
      "the context's body forwarded to the request",
      (file: string, text: string): string =>
        file === 'context.js'
          ? `${text}\nrequire('delegates')(module.exports, 'request').getter('body')\n`
          : text,
      false
    ],
    [
      'response.has edited',
      (file: string, text: string): string =>
        file === 'response.js' ? text.replace('  has (field) {\n', '  has (field) {\n    // edited\n') : text,
      false
    ]
  ])('%s', (_name, edit, installed) => {
    const { Koa: Copy } = koaCopy(edit)
    // Loaded after the last read: its respond is unread, so Koa's is kept (and asked again).
    expect(prepareKoaRespond(new Copy())).toBe(false)
    readKoaRespondTexts()
    expect(prepareKoaRespond(new Copy())).toBe(installed)
  })

  it('a Koa loaded after pulya() keeps its own respond through its requests (no file is read on a request) until warm(app)', async () => {
    const middleware = pulya()
    const { Koa: Late } = koaCopy((_file, text) => text)
    const app = new Late()
    app.use(middleware)
    // The first request finds the app (src/koa/middleware.ts, discover).
    await middleware({ app }, () => Promise.resolve())
    expect(Object.hasOwn(app, 'handleRequest')).toBe(false)
    const warmed = new Late()
    warmed.use(middleware)
    expect(Object.hasOwn(warmed, 'handleRequest')).toBe(false)
    warm(warmed)
    expect(Object.hasOwn(warmed, 'handleRequest')).toBe(true)
  })

  it('a loaded application.js that cannot be read any more is no known respond', () => {
    const { Koa: Gone, dir } = koaCopy((_file, text) => text)
    rmSync(join(dir, 'lib', 'application.js'))
    readKoaRespondTexts()
    expect(prepareKoaRespond(new Gone())).toBe(false)
  })
})

describe('createRespond', () => {
  it('Koa 3.0 pipes a stream body (3.1 and later use pipeline); a response without a socket is writable', async () => {
    const Koa3 = (KOA_HOSTS[1] as { Koa: KoaClass }).Koa
    const koaDir = dirname(require.resolve('koa/lib/application.js'))
    const hostRequire = createRequire(join(koaDir, 'application.js'))
    const respond = createRespond('koa-3.0', {
      statuses: hostRequire('statuses') as never,
      onFinished: hostRequire('on-finished') as never,
      isStream: hostRequire('./is-stream.js') as never
    })
    const req = new IncomingMessage(new Socket())
    const res = new ServerResponse(req)
    const written: string[] = []
    res.write = ((chunk: unknown): boolean => {
      written.push(String(chunk))
      return true
    }) as typeof res.write
    const ended = new Promise<void>((resolve) => {
      res.end = ((): ServerResponse => {
        resolve()
        return res
      }) as typeof res.end
    })
    const ctx = new Koa3().createContext(req, res) as unknown as { body: unknown }
    ctx.body = Readable.from(['piped ', 'body'])
    respond(ctx as never)
    await ended
    expect(written.join('')).toBe('piped body')
  })
})

describe("Koa's private respond", () => {
  it('is read from application.js in standard style (`function respond (ctx)`) to its closing brace', () => {
    const source = 'const a = 1\nfunction respond (ctx) {\n  if (x) {\n    y()\n  }\n}\nfunction other() {}\n'
    expect(declarationOf(source, 'respond')).toBe('function respond (ctx) {\n  if (x) {\n    y()\n  }\n}')
    const koa = readFileSync(require.resolve('koa/lib/application.js'), 'utf8')
    expect(declarationOf(koa, 'respond')).toMatch(/^function respond \(ctx\) \{[\s\S]*res\.end\(body\)\n\}$/)
  })
})
