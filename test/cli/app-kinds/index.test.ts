/** The kinds of app the command knows: found by value, by name, and by a server's request listener. */
import { mkdtempSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import express from 'express'
import Koa from 'koa'
import { describe, expect, it } from 'vitest'
import { APP_KINDS, appOfListener, kindNamed, kindOf } from '../../../src/cli/app-kinds/index.js'
import { ModuleLoadWatch } from '../../../src/cli/load-watch.js'

describe('the app kinds', () => {
  it('Express before Koa, each found by its app and by its name', () => {
    expect(APP_KINDS.map((k) => k.name)).toEqual(['express', 'koa'])
    expect([kindOf(express())?.name, kindOf(new Koa())?.name, kindOf({})]).toEqual([
      'express',
      'koa',
      undefined
    ])
    expect(kindNamed('koa').title).toBe('Koa')
    expect(() => kindNamed('fastify')).toThrow('no app kind named fastify')
  })

  it.each(APP_KINDS.map((kind) => [kind.name, kind] as const))(
    '%s: beforeLoad leaves a module that resolves no host module alone',
    (_name, kind) => {
      const watch = new ModuleLoadWatch(() => false)
      kind.beforeLoad(createRequire(join(mkdtempSync(join(tmpdir(), 'pulya-none-')), 'x.js')), watch)
      watch.restore()
      expect(watch.listened).toEqual([])
    }
  )

  it("an Express app is its own request listener; Koa's callback leads back only when made while a module loaded", () => {
    const app = express()
    expect(appOfListener(app)?.kind.name).toBe('express')
    expect(appOfListener(new Koa().callback())).toBeUndefined()
    expect(appOfListener('not a function')).toBeUndefined()
  })
})
