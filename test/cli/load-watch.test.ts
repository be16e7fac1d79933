/** What the app process watches while the user's module loads: listens moved and recorded, patches undone. */
import { Server } from 'node:net'
import { describe, expect, it } from 'vitest'
import type { ListenCaller } from '../../src/cli/app-kinds/app-kind.js'
import { ModuleLoadWatch, callerOfCaller } from '../../src/cli/load-watch.js'

describe('callerOfCaller', () => {
  it('names the function that called the function calling it', () => {
    function inner(): ListenCaller {
      return callerOfCaller()
    }
    function listen(): ListenCaller {
      return inner()
    }
    expect(listen()).toMatchObject({
      functionName: 'listen',
      fileName: expect.stringMatching(/load-watch\.test\.ts$/) as string
    })
  })
})

describe('ModuleLoadWatch', () => {
  it("moves every listen to 127.0.0.1:0 and records it with the predicate's verdict on its caller; restore() puts listen back", async () => {
    const listen = Object.getOwnPropertyDescriptor(Server.prototype, 'listen')?.value as unknown
    const callers: Array<string | null> = []
    const watch = new ModuleLoadWatch((caller) => {
      callers.push(caller.functionName)
      return caller.functionName === 'appListen'
    })
    const mine = new Server()
    const theirs = new Server()
    function appListen(): void {
      theirs.listen(3000)
    }
    await new Promise<void>((done) => mine.listen(3000, done))
    appListen()
    watch.restore()
    expect(Object.getOwnPropertyDescriptor(Server.prototype, 'listen')?.value).toBe(listen)
    expect(watch.listened.map((l) => [l.server === mine, l.byAppListen])).toEqual([
      [true, false],
      [false, true]
    ])
    expect(callers).toContain('appListen')
    expect(mine.address()).toMatchObject({ address: '127.0.0.1' })
    mine.close()
    theirs.close()
  })

  it('patch() replaces an own or an inherited property; restore() gives back exactly what was there, last first', () => {
    const proto = { inherited: 'proto' }
    const owner = Object.assign(Object.create(proto) as { own: string; inherited: string }, { own: 'own' })
    const watch = new ModuleLoadWatch(() => false)
    watch.patch(owner, 'own', 'patched')
    watch.patch(owner, 'own', 'twice')
    watch.patch(owner, 'inherited', 'patched')
    expect([owner.own, owner.inherited]).toEqual(['twice', 'patched'])
    watch.restore()
    expect([owner.own, owner.inherited, Object.hasOwn(owner, 'inherited')]).toEqual(['own', 'proto', false])
  })
})
