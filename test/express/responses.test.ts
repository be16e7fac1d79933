/**
 * The response paths' building blocks: which ETag generators pulya trusts and memoises, and
 * when it gives an app its own final handler. Their answers are proven against vanilla by
 * the contract suite (compat/cases/responses.ts); these tests pin the decisions.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import request from 'supertest'
import { genuineGenerators, memoised, memoiseEtags, memoOf, ETAG_MEMO_MAX_BYTES, type AppWithSettings, type EtagFn } from '../../src/express/etag.js'
import { ownFinalHandler, pagesFor, type AppWithHandle } from '../../src/express/final-handler.js'
import { finalhandlerModules, type FinalhandlerModules } from '../../src/express/host-modules.js'
import { pulya } from '../../src/express/index.js'
import { EXPRESS_HOSTS } from '../helpers/hosts.js'

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
    const child = { settings: Object.create(app.settings as object) as Record<string, unknown>, set: setOf(app) }
    app.enable('etag')
    child.set('x', 1)
    expect(Object.hasOwn(child.settings, 'etag fn')).toBe(false)
  })

  it('trusts nothing when set does not compile generators as Express does', () => {
    expect(genuineGenerators(() => { throw new Error('no') }).size).toBe(0)
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
    expect(ownFinalHandler(app as unknown as AppWithHandle)).toBe(true)
    expect(handleOf(app)).not.toBe(handle)
  })

  it('leaves an app alone whose handle is not Express’s own (wrapped, bundled)', () => {
    const app = express()
    const wrapped = function handle (this: unknown, ...args: unknown[]): unknown { return Reflect.apply(handleOf(app), this, args) }
    const fake = { handle: wrapped, get: () => undefined } as unknown as AppWithHandle
    expect(ownFinalHandler(fake)).toBe(false)
    expect(fake.handle).toBe(wrapped)
  })

  it('serves the same 404 as before when the app answers nothing and pulya is used with options', async () => {
    const app = express()
    app.use(pulya({ responses: false }))
    const handle = handleOf(app)
    const res = await request(app).get('/x')
    expect(res.status).toBe(404)
    expect(handleOf(app)).toBe(handle)
  })
})

describe('the page table', () => {
  it("names the resource 'resource' when the URL cannot be parsed, as finalhandler does", () => {
    const app = EXPRESS_HOSTS[0]?.express()
    const modules = finalhandlerModules(handleOf(app as object))
    expect(modules).not.toBeNull()
    const pages = pagesFor(modules as FinalhandlerModules)
    expect(pagesFor(modules as FinalhandlerModules)).toBe(pages)
    const hostile = { method: 'GET', httpVersionMajor: 1, unpipe () {}, resume () {}, get originalUrl (): string { throw new Error('no URL') } }
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
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'finalhandler', version, main: 'index.js' }))
      writeFileSync(join(dir, 'index.js'), 'module.exports = function () {}')
    }
    const handle = function handle (): void {}
    const cache = createRequire(import.meta.url).cache
    cache[application] = { exports: { handle } } as unknown as NodeJS.Module
    return handle
  }

  it('refuses a finalhandler version pulya does not reproduce, and one that cannot be found', () => {
    expect(finalhandlerModules(fakeApplication('1.2.0'))).toBeNull()
    expect(finalhandlerModules(fakeApplication(null))).toBeNull()
    expect(finalhandlerModules(fakeApplication('2.1.1'))).toBeNull()
    expect(finalhandlerModules(function unknown () {})).toBeNull()
  })
})
