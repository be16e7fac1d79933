/**
 * The record of an Express copy's modules: found once from the app's `handle`, frozen, shared by
 * the response mirror and the final handler; a part that cannot be found is `null`.
 */
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hostModules } from '../../../src/express/install/host-modules.js'
import { EXPRESS_HOSTS } from '../../helpers/hosts.js'
import { fakeExpress, fakeExpressWithFinalhandler, moduleCache } from '../_fake-express.js'

const require = createRequire(import.meta.url)

/** Express's `app.handle` is not in its public types. */
function handleOf(app: object): object {
  return (app as { handle: object }).handle
}

describe.each(EXPRESS_HOSTS)('$name', ({ express, name }) => {
  it("finds every part from the app's own Express, once per Express copy", () => {
    const app = express()
    const modules = hostModules(handleOf(app))
    expect(hostModules(handleOf(express()))).toBe(modules)
    expect(Object.isFrozen(modules)).toBe(true)
    const root = name === 'express@4' ? 'express4' : 'express'
    expect(modules.response).toBe(require(`${root}/lib/response.js`))
    expect(modules.applicationSource).toContain('function logerror')
    expect(modules.setCharset?.('text/html', 'utf-8')).toBe('text/html; charset=utf-8')
    expect(modules.statusMessages?.[404]).toBe('Not Found')
    expect(modules.finalhandler?.escapeHtml('<')).toBe('&lt;')
    expect(modules.require?.resolve('./response')).toBe(require.resolve(`${root}/lib/response.js`))
  })
})

describe('what cannot be found', () => {
  it('is all null for a handle no loaded module exports (a bundle)', () => {
    expect(hostModules(function unknown() {})).toEqual({
      require: null,
      applicationSource: null,
      response: null,
      setCharset: null,
      statusMessages: null,
      finalhandler: null
    })
  })

  it('skips a module that exports the app itself, which carries the same handle', () => {
    const handle = fakeExpress({})
    const app = Object.assign(function app(): void {}, { handle, defaultConfiguration() {} })
    moduleCache[join(tmpdir(), 'pulya-user-app.js')] = { exports: app } as unknown as NodeJS.Module
    const found = Object.keys(moduleCache).filter(
      (key) => (moduleCache[key]?.exports as { handle?: unknown } | undefined)?.handle === handle
    )
    expect(found).toHaveLength(2)
    // The application.js found is the fake's (empty), not the app module.
    expect(hostModules(handle).applicationSource).toBe('')
  })

  it('leaves out the parts that cannot be required, and a text that cannot be read', () => {
    const bare = hostModules(fakeExpress({ 'response.js': 'exports.send = 1', 'utils.js': '' }))
    expect(bare.response).toEqual({ send: 1 })
    expect(bare.setCharset).toBeNull()
    expect(bare.statusMessages).toBeNull()
    expect(bare.finalhandler).toBeNull()
    // A module in the cache whose file is gone: its text cannot be read.
    const gone = function handle(): void {}
    moduleCache[join(tmpdir(), 'pulya-gone', 'lib', 'application.js')] = {
      exports: { handle: gone, defaultConfiguration() {} }
    } as unknown as NodeJS.Module
    expect(hostModules(gone).applicationSource).toBeNull()
    expect(hostModules(gone).require).not.toBeNull()
  })

  it.each([
    ['a version pulya does not reproduce', '1.2.0'],
    ['none at all', null],
    ['a supported version without its helpers', '2.1.1']
  ])('has no finalhandler helpers for %s', (_name, version) => {
    expect(hostModules(fakeExpressWithFinalhandler(version)).finalhandler).toBeNull()
  })
})
