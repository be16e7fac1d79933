/** The Koa kind: its own app.listen() told from the stack, and what it prepares. */
import { createRequire } from 'node:module'
import Koa from 'koa'
import { describe, expect, it } from 'vitest'
import { KOA } from '../../../src/cli/app-kinds/koa.js'
import { ModuleLoadWatch } from '../../../src/cli/load-watch.js'

describe('KOA', () => {
  it.each([
    [
      "Koa's listen",
      { functionName: 'listen', typeName: 'Application', fileName: '/n/koa/lib/application.js' },
      true
    ],
    [
      'a listen of the same name elsewhere',
      { functionName: 'listen', typeName: 'Object', fileName: '/app/x.js' },
      false
    ],
    [
      'another function',
      { functionName: 'callback', typeName: 'Application', fileName: '/n/koa/lib/application.js' },
      false
    ]
  ])('isOwnListen: %s', (_what, caller, own) => {
    expect(KOA.isOwnListen(caller)).toBe(own)
  })

  it('a callback made while the module loaded leads back to its app; an app with no middleware is empty', () => {
    const watch = new ModuleLoadWatch(() => false)
    KOA.beforeLoad(createRequire(import.meta.url), watch)
    const app = new Koa()
    const listener = KOA.handler(app)
    watch.restore()
    expect(KOA.appOfListener(listener)).toBe(app)
    expect(KOA.isEmpty(app)).toBe(true)
    expect('none' in KOA.pulyaServer).toBe(true)
  })

  it("hasPulya: pulya's middleware among the app's, of any build (its symbols' descriptions)", () => {
    const app = new Koa()
    const pass = (_ctx: unknown, next: () => Promise<void>): Promise<void> => next()
    app.use(pass)
    expect(KOA.hasPulya(app)).toBe(false)
    app.use(
      Object.assign((ctx: unknown, next: () => Promise<void>) => pass(ctx, next), {
        [Symbol('pulya.discoverApp')]: true
      })
    )
    expect(KOA.hasPulya(app)).toBe(true)
  })
})
