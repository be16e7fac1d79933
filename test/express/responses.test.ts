/**
 * The response paths' building blocks: which ETag generators pulya trusts and memoises, and
 * when it gives an app its own final handler. Their answers are proven against vanilla by
 * the contract suite (compat/cases/responses.ts); these tests pin the decisions.
 */
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import request from 'supertest'
import {
  genuineGenerators,
  memoised,
  memoiseEtags,
  memoOf,
  ETAG_MEMO_MAX_BYTES,
  type AppWithSettings,
  type EtagFn
} from '../../src/express/responses/etag-memo.js'
import {
  finalHandler,
  installFinalHandler,
  pagesFor,
  type AppWithHandle
} from '../../src/express/responses/final-handler.js'
import {
  applicationSource,
  finalhandlerModules,
  type FinalhandlerModules
} from '../../src/express/install/host-modules.js'
import { pulya } from '../../src/express/index.js'
import { EXPRESS_52, EXPRESS_HOSTS } from '../helpers/hosts.js'
import { expectSame, req, serveExpress, sides } from '../helpers/differential.js'
import {
  responseFastPathFor,
  installResponseFastPath,
  type AppWithResponse
} from '../../src/express/responses/response-mirror.js'
import { RESPONSE_CASES } from '../../compat/cases/responses.js'
import { runDifferential } from '../../compat/differential.js'

/** An app's `set`, as a plain function (what pulya wraps). */
function setOf(app: object): AppWithSettings['set'] {
  return Reflect.get(app, 'set') as AppWithSettings['set']
}

type Settable = { settings: Record<string, unknown> }

/** A settings object whose `set` stores values and, for `etag`, compiles with `compile`. */
function fakeApp(compile?: () => unknown): AppWithSettings {
  return {
    settings: {},
    set: function set(this: Settable, name: string, value?: unknown): unknown {
      this.settings[name] = value
      if (name === 'etag' && compile !== undefined) this.settings['etag fn'] = compile()
      return this
    }
  }
}

describe.each(EXPRESS_HOSTS)('$name: ETag generators', ({ express }) => {
  it("trusts exactly Express's weak and strong generators", () => {
    const app = express()
    const found = genuineGenerators(setOf(app))
    expect(found.size).toBe(2)
    expect(found.has(app.get('etag fn') as EtagFn)).toBe(true)
  })

  it('memoises them with the same answers, hashing a repeated body once', () => {
    const genuine = express().get('etag fn') as EtagFn
    const fast = memoised(genuine)
    expect(memoised(genuine)).toBe(fast)
    const body = Buffer.from(`{"unique":"${Math.random()}"}`)
    const before = { ...memoOf(fast)?.stats }
    expect(fast(body)).toBe(genuine(body))
    expect(fast(Buffer.from(body))).toBe(genuine(body))
    const after = memoOf(fast)?.stats
    expect(after?.misses).toBe((before.misses ?? 0) + 1)
    expect(after?.hits).toBe((before.hits ?? 0) + 1)
    expect(fast('as a string', 'utf8')).toBe(genuine('as a string', 'utf8'))
    const big = Buffer.alloc(ETAG_MEMO_MAX_BYTES + 1, 'z')
    expect(fast(big)).toBe(genuine(big))
    expect(memoOf(genuine)).toBeUndefined()
    expect(memoOf('not a function')).toBeUndefined()
  })

  it("swaps the app's own generator, follows app.set, and leaves users' functions and inherited settings alone", () => {
    const app = express()
    const weak = app.get('etag fn') as EtagFn
    memoiseEtags(app)
    expect(app.get('etag fn')).toBe(memoised(weak))
    const mine = (): string => '"mine"'
    app.set('etag', mine)
    expect(app.get('etag fn')).toBe(mine)
    app.set('etag', 'strong')
    expect(memoOf(app.get('etag fn'))).toBeDefined()
    app.set('etag fn', mine)
    expect(app.get('etag fn')).toBe(mine)
    app.disable('etag')
    expect(app.get('etag fn')).toBeUndefined()
    expect(app.set.length).toBe(2)
    const child = {
      settings: Object.create(app.settings as object) as Record<string, unknown>,
      set: setOf(app)
    }
    app.enable('etag')
    child.set('x', 1)
    expect(Object.hasOwn(child.settings, 'etag fn')).toBe(false)
  })

  it('trusts nothing when set does not compile generators as Express does', () => {
    expect(
      genuineGenerators(() => {
        throw new Error('no')
      }).size
    ).toBe(0)
    const odd = fakeApp(() => () => '"same"')
    expect(genuineGenerators(setOf(odd)).size).toBe(0)
    memoiseEtags(odd)
    expect(odd.settings['etag fn']).toBeUndefined()
    expect(genuineGenerators(setOf(fakeApp())).size).toBe(0)
    expect(genuineGenerators(setOf(fakeApp(() => () => undefined))).size).toBe(0)
  })

  it('passes on what a generator answers when it is not a tag, and leaves settings that are not its own', () => {
    const silent = memoised(() => undefined)
    expect(silent(Buffer.from('x'))).toBeUndefined()
    expect(silent(Buffer.from('x'))).toBeUndefined()
    const inherited = { settings: {} as Record<string, unknown>, set: setOf(express()) }
    memoiseEtags(inherited)
    expect(Object.hasOwn(inherited.settings, 'etag fn')).toBe(false)
  })
})

/** Express's `app.handle` is not in its public types. */
function handleOf(app: object): AppWithHandle['handle'] {
  return (app as AppWithHandle).handle
}

describe.each(EXPRESS_HOSTS)('$name: the final handler', ({ express }) => {
  it("finds the app's finalhandler and takes over app.handle", () => {
    const app = express()
    expect(finalhandlerModules(handleOf(app))).not.toBeNull()
    expect(finalhandlerModules(handleOf(app))).toBe(finalhandlerModules(handleOf(app)))
    const handle = handleOf(app)
    expect(installFinalHandler(app as unknown as AppWithHandle)).toBe(true)
    expect(handleOf(app)).not.toBe(handle)
  })

  it('leaves an app alone whose handle is not Express’s own (wrapped, bundled)', () => {
    const app = express()
    const wrapped = function handle(this: unknown, ...args: unknown[]): unknown {
      return Reflect.apply(handleOf(app), this, args)
    }
    const fake = { handle: wrapped, get: () => undefined } as unknown as AppWithHandle
    expect(installFinalHandler(fake)).toBe(false)
    expect(fake.handle).toBe(wrapped)
  })

  it('serves the same 404 as before when the app answers nothing and pulya is used with options', async () => {
    const app = express()
    const handle = handleOf(app)
    app.use(pulya({ responses: false }))
    const res = await request(app).get('/x')
    expect(res.status).toBe(404)
    // Express's own handle, not pulya's final handler (Express 4: again, after the first request).
    expect(handleOf(app)).toBe(handle)
  })
})

describe('the final handler, called directly', () => {
  const modules = finalhandlerModules(handleOf(EXPRESS_HOSTS[1]?.express() as object)) as FinalhandlerModules

  function fakeResponse(headersSent: boolean): {
    res: Record<string, unknown>
    headers: Record<string, unknown>
    ended: unknown[]
  } {
    const headers: Record<string, unknown> = {}
    const ended: unknown[] = []
    const res = {
      statusCode: 200,
      statusMessage: 'unset',
      headersSent,
      removeHeader: (name: string) => {
        headers[name] = undefined
      },
      setHeader: (name: string, value: unknown) => {
        headers[name] = value
      },
      end: (...args: unknown[]) => {
        ended.push(...args)
      }
    }
    return { res, headers, ended }
  }
  // A request already read to the end: the page is written at once.
  const finished = (method: string, httpVersionMajor: number): object => ({
    method,
    httpVersionMajor,
    url: '/x',
    originalUrl: '/x',
    complete: true,
    readable: false,
    socket: { readable: true },
    unpipe() {},
    resume() {}
  })
  const app = { get: () => undefined }

  it('leaves the status message alone on HTTP/2, as finalhandler does', () => {
    const { res, headers } = fakeResponse(false)
    finalHandler(
      pagesFor(modules),
      app,
      'production',
      function log() {},
      finished('GET', 2) as never,
      res as never
    )()
    expect(res['statusCode']).toBe(404)
    expect(res['statusMessage']).toBe('unset')
    expect(headers['Content-Type']).toBe('text/html; charset=utf-8')
  })

  it('reads NODE_ENV when the env setting is empty, and does nothing more once headers are out without a socket', async () => {
    const saved = process.env['NODE_ENV']
    process.env['NODE_ENV'] = 'production'
    const logged: unknown[] = []
    try {
      const { res, ended } = fakeResponse(false)
      finalHandler(
        pagesFor(modules),
        app,
        '',
        function log(err) {
          logged.push(err)
        },
        finished('GET', 1) as never,
        res as never
      )(new Error('secret'))
      expect(String(ended[0])).toContain('<pre>Internal Server Error</pre>')
      const sent = fakeResponse(true)
      const request = { ...finished('GET', 1), socket: null }
      finalHandler(
        pagesFor(modules),
        app,
        'production',
        function log(err) {
          logged.push(err)
        },
        request as never,
        sent.res as never
      )(new Error('late'))
      expect(sent.ended).toEqual([])
    } finally {
      if (saved === undefined) delete process.env['NODE_ENV']
      else process.env['NODE_ENV'] = saved
    }
    await new Promise((resolve) => setImmediate(resolve))
    expect(logged).toHaveLength(2)
  })
})

describe('the page table', () => {
  it("names the resource 'resource' when the URL cannot be parsed, as finalhandler does", () => {
    const app = EXPRESS_HOSTS[0]?.express()
    const modules = finalhandlerModules(handleOf(app as object))
    expect(modules).not.toBeNull()
    const pages = pagesFor(modules as FinalhandlerModules)
    expect(pagesFor(modules as FinalhandlerModules)).toBe(pages)
    const hostile = {
      method: 'GET',
      httpVersionMajor: 1,
      unpipe() {},
      resume() {},
      get originalUrl(): string {
        throw new Error('no URL')
      }
    }
    expect(pages.notFound(hostile).body).toContain('<pre>Cannot GET resource</pre>')
  })
})

describe('finalhandler modules', () => {
  function fakeApplication(version: string | null): () => void {
    const root = mkdtempSync(join(tmpdir(), 'pulya-fh-'))
    const application = join(root, 'lib', 'application.js')
    mkdirSync(join(root, 'lib'))
    writeFileSync(application, '')
    if (version !== null) {
      const dir = join(root, 'node_modules', 'finalhandler')
      mkdirSync(dir, { recursive: true })
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({ name: 'finalhandler', version, main: 'index.js' })
      )
      writeFileSync(join(dir, 'index.js'), 'module.exports = function () {}')
    }
    const handle = function handle(): void {}
    const cache = createRequire(import.meta.url).cache
    cache[application] = { exports: { handle, defaultConfiguration() {} } } as unknown as NodeJS.Module
    return handle
  }

  it('refuses a finalhandler version pulya does not reproduce, and one that cannot be found', () => {
    expect(finalhandlerModules(fakeApplication('1.2.0'))).toBeNull()
    expect(finalhandlerModules(fakeApplication(null))).toBeNull()
    expect(finalhandlerModules(fakeApplication('2.1.1'))).toBeNull()
    expect(finalhandlerModules(function unknown() {})).toBeNull()
  })
})

describe('Express 5.2: its res.send is mirrored too', () => {
  it.each(RESPONSE_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const report = await runDifferential(EXPRESS_52.express, (e) => c.build(e, 5), c.steps, {
      inject: c.inject ?? 'first',
      normalize: c.normalize
    })
    expect(report.message).toBe('')
  })

  it('is recognised, with its own error logger', () => {
    expect(responseFastPathFor(handleOf(EXPRESS_52.express()))).not.toBeNull()
    expect(installFinalHandler(EXPRESS_52.express() as unknown as AppWithHandle)).toBe(true)
  })
})

describe.each(EXPRESS_HOSTS)('$name: the res.send/res.json fast path', ({ express }) => {
  it('keeps its tables bounded and answers as Express for many distinct types', async () => {
    const build = (withPulya: boolean): ReturnType<typeof express> => {
      const app = express()
      if (withPulya) app.use(pulya())
      app.get('/t/:n', (req, res) => {
        res.type(`application/x-t${req.params['n']}`).send('typed')
      })
      return app
    }
    await expectSame(
      sides(serveExpress, build(false), { pulya: build(true) }),
      Array.from({ length: 140 }, (_, n) => req('GET', `/t/${n}`)),
      { concurrency: 20 }
    )
  })

  it('hands two-argument calls and a replaced express.response.send/json back to Express', async () => {
    const app = express()
    app.use(pulya())
    // express.response: the first object behind app.response (which holds pulya's send) with a send.
    let base = Object.getPrototypeOf(app.response) as Record<string, unknown>
    while (!Object.hasOwn(base, 'send')) base = Object.getPrototypeOf(base) as Record<string, unknown>
    app.get('/replaced', (_req, res) => {
      res.json({ replaced: true })
    })
    const send = base['send']
    const json = base['json']
    const seen: string[] = []
    base['json'] = function (this: { send: (b: string) => unknown }, obj: unknown) {
      seen.push('json')
      return this.send(JSON.stringify(obj))
    }
    base['send'] = function (this: { end: (b: string) => unknown }, body: string) {
      seen.push('send')
      return this.end(body)
    }
    try {
      const replaced = await request(app).get('/replaced')
      expect(replaced.text).toBe('{"replaced":true}')
      expect(seen).toEqual(['json', 'send'])
    } finally {
      base['send'] = send
      base['json'] = json
    }
    // res.json(obj, status): Express's own (deprecated) reading of the two arguments, as vanilla.
    const build = (withPulya: boolean): ReturnType<typeof express> => {
      const other = express()
      if (withPulya) other.use(pulya())
      other.get('/json2', (_req, res) => {
        ;(res.json as (...a: unknown[]) => unknown)({ a: 1 }, 201)
      })
      return other
    }
    await expectSame(sides(serveExpress, build(false), { pulya: build(true) }), [req('GET', '/json2')])
  })

  it('leaves a send or json the app already customised, and Express copies it does not know', () => {
    const app = express() as unknown as AppWithResponse & { response: Record<string, unknown> }
    const custom = function json(): void {}
    app.response['json'] = custom
    app.response['sendStatus'] = custom
    expect(installResponseFastPath(app)).toBe(true)
    expect(app.response['json']).toBe(custom)
    expect(app.response['sendStatus']).toBe(custom)
    app.response['send'] = custom
    const again = express() as unknown as AppWithResponse & { response: Record<string, unknown> }
    again.response['send'] = custom
    again.response['json'] = custom
    again.response['sendStatus'] = custom
    expect(installResponseFastPath(again)).toBe(false)
    expect(responseFastPathFor(function unknown() {})).toBeNull()
    expect(installResponseFastPath({ handle: function unknown() {}, response: {} })).toBe(false)
  })
})

describe('the fast path refuses sources it does not know', () => {
  function fakeExpress(files: Record<string, string>, linkModules = false): () => void {
    const root = mkdtempSync(join(tmpdir(), 'pulya-express-'))
    mkdirSync(join(root, 'lib'))
    if (linkModules)
      symlinkSync(
        join(createRequire(import.meta.url).resolve('express/package.json'), '..', '..'),
        join(root, 'node_modules'),
        'dir'
      )
    const application = join(root, 'lib', 'application.js')
    writeFileSync(application, '')
    for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'lib', name), text)
    const handle = function handle(): void {}
    createRequire(import.meta.url).cache[application] = {
      exports: { handle, defaultConfiguration() {} }
    } as unknown as NodeJS.Module
    return handle
  }

  it('skips a module that exports the app itself, which carries the same handle', () => {
    const handle = fakeExpress({})
    const app = Object.assign(function app(): void {}, { handle, defaultConfiguration() {} })
    createRequire(import.meta.url).cache[join(tmpdir(), 'pulya-user-app.js')] = {
      exports: app
    } as unknown as NodeJS.Module
    const cache = createRequire(import.meta.url).cache
    const found = Object.keys(cache).filter(
      (key) => (cache[key]?.exports as { handle?: unknown } | undefined)?.handle === handle
    )
    expect(found).toHaveLength(2)
    // The application.js found is the fake's (its require resolves './response' there), not the app module.
    expect(applicationSource(handle)).toBe('')
  })

  it('an application.js whose logerror it does not know keeps Express’s final handler', () => {
    const handle = fakeExpress({})
    const root = join(createRequire(import.meta.url).resolve('express/package.json'), '..', '..')
    const cache = createRequire(import.meta.url).cache
    const application = Object.keys(cache).find(
      (key) => (cache[key]?.exports as { handle?: unknown } | undefined)?.handle === handle
    ) as string
    symlinkSync(root, join(application, '..', '..', 'node_modules'), 'dir')
    const app = { handle, get: () => undefined } as unknown as AppWithHandle
    expect(finalhandlerModules(handle)).not.toBeNull()
    expect(installFinalHandler(app)).toBe(false)
    expect(app.handle).toBe(handle)
  })

  it('a response module that cannot be loaded, unknown send, and unknown json next to a known send', () => {
    expect(responseFastPathFor(fakeExpress({}))).toBeNull()
    const unknown =
      'exports.send = function send (b) { return b }; exports.set = 1; exports.type = 2; exports.json = 3'
    expect(responseFastPathFor(fakeExpress({ 'response.js': 'exports.send = 1', 'utils.js': '' }))).toBeNull()
    // A module in the cache whose file is gone: its text cannot be read.
    const gone = function handle(): void {}
    createRequire(import.meta.url).cache[join(tmpdir(), 'pulya-gone', 'lib', 'application.js')] = {
      exports: { handle: gone, defaultConfiguration() {} }
    } as unknown as NodeJS.Module
    expect(applicationSource(gone)).toBeNull()
    expect(applicationSource(function unknown() {})).toBeNull()
    expect(
      responseFastPathFor(
        fakeExpress({ 'response.js': unknown, 'utils.js': 'exports.setCharset = (t) => t' }, true)
      )
    ).toBeNull()
    const real = createRequire(import.meta.url).resolve('express/lib/response.js')
    const mixed = `const real = require(${JSON.stringify(real)}); module.exports = { send: real.send, set: real.set, type: real.type, json: function json () {} }`
    const fast = responseFastPathFor(
      fakeExpress(
        {
          'response.js': mixed,
          'utils.js': `module.exports = require(${JSON.stringify(real.replace('response.js', 'utils.js'))})`
        },
        true
      )
    )
    expect(fast?.json).toBeNull()
    expect(fast?.sendStatus).toBeNull()
    expect(typeof fast?.send).toBe('function')
  })
})
