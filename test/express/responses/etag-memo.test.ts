/**
 * The ETag memo: which generators pulya trusts and memoises, and the `app.set` that keeps the
 * memo in front. Its answers are proven against vanilla by the contract suite
 * (compat/cases/responses.ts); these tests pin the decisions.
 */
import { describe, expect, it } from 'vitest'
import {
  genuineGenerators,
  memoised,
  memoiseEtagSetting,
  memoOf,
  withEtagMemo,
  ETAG_MEMO_MAX_BYTES,
  type AppWithSettings,
  type EtagFn
} from '../../../src/express/responses/etag-memo.js'
import { EXPRESS_HOSTS } from '../../helpers/hosts.js'

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

/** What the install does for `responses`: the memo in front now, and after every `app.set`. */
function installMemo(app: AppWithSettings): void {
  memoiseEtagSetting(app)
  app.set = withEtagMemo(app.set)
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
    installMemo(app)
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
    expect(withEtagMemo(setOf(odd))).toBe(setOf(odd))
    memoiseEtagSetting(odd)
    expect(odd.settings['etag fn']).toBeUndefined()
    expect(genuineGenerators(setOf(fakeApp())).size).toBe(0)
    expect(genuineGenerators(setOf(fakeApp(() => () => undefined))).size).toBe(0)
  })

  it('passes on what a generator answers when it is not a tag, and leaves settings that are not its own', () => {
    const silent = memoised(() => undefined)
    expect(silent(Buffer.from('x'))).toBeUndefined()
    expect(silent(Buffer.from('x'))).toBeUndefined()
    const inherited = { settings: {} as Record<string, unknown>, set: setOf(express()) }
    memoiseEtagSetting(inherited)
    expect(Object.hasOwn(inherited.settings, 'etag fn')).toBe(false)
  })
})
