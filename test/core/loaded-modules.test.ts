import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { findLoadedModule, loadedModules, modulePath } from '../../src/core/loaded-modules.js'

const require = createRequire(import.meta.url)

describe('the CommonJS module cache', () => {
  it('finds the file a loaded module was read from, by its exports', () => {
    const koa = require('koa') as unknown
    const file = require.resolve('koa')
    expect(Object.keys(loadedModules())).toContain(file)
    expect(modulePath(koa)).toBe(file)
    expect(findLoadedModule((exports) => exports === koa)).toBe(file)
  })

  it('answers undefined for what no loaded module exports (a bundle, an object of the app)', () => {
    expect(modulePath({})).toBeUndefined()
    expect(findLoadedModule(() => false)).toBeUndefined()
  })
})
