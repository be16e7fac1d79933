/**
 * explain's host-agnostic parts: the package a host file belongs to, and a router a host refuses
 * without saying why. (Each host's routers: test/koa/explain.test.ts, test/express/explain.test.ts.)
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { explainRouter, hostPackage } from '../../src/core/explain.js'
import { resolveCoreOptions } from '../../src/core/options.js'
import { ALWAYS, PatternEnd, compilePathPattern } from '../../src/core/path-pattern.js'
import { RouterState } from '../../src/core/router-state.js'
import { WarmQueue } from '../../src/core/warm.js'

describe('hostPackage', () => {
  const root = mkdtempSync(join(tmpdir(), 'pulya-host-'))
  mkdirSync(join(root, 'node_modules/koa/lib'), { recursive: true })
  writeFileSync(join(root, 'node_modules/koa/package.json'), '{"name":"koa","version":"3.9.9"}')
  mkdirSync(join(root, 'node_modules/koa/dist'))
  writeFileSync(join(root, 'node_modules/koa/dist/package.json'), '{"type":"module"}')

  it.each([
    [
      'a file of the package',
      join(root, 'node_modules/koa/lib/response.js'),
      { name: 'koa', version: '3.9.9' }
    ],
    [
      'below a package.json that names no package',
      join(root, 'node_modules/koa/dist/koa.mjs'),
      { name: 'koa', version: '3.9.9' }
    ],
    ['a file under no package.json at all', join(root, 'loose/x.js'), null],
    ['no file', undefined, null]
  ])('%s', (_what, file, found) => {
    expect(hostPackage(file)).toEqual(found)
  })
})

describe('explainRouter', () => {
  /** A host that refuses every stack, by conditions of its own. */
  class Refusing extends RouterState<string, object> {
    protected built(): void {}
  }
  const read = (path: string): ReturnType<typeof compilePathPattern> | typeof ALWAYS =>
    compilePathPattern([path], PatternEnd.End)

  it("a stack the host's own conditions refused, its explain not saying why: refused", () => {
    const options = resolveCoreOptions({ smallStack: 1 }, { host: 'Test', names: [], foreign: {} }).resolved
    const router = { stack: ['/a', '/b', '/c'] }
    const state = new Refusing(router, read, options, new WarmQueue(), () => false)
    state.rebuild(router.stack)
    expect(explainRouter('r', router.stack, state, options, { read, show: String })).toMatchObject({
      accelerated: true,
      indexed: false,
      cached: true,
      reason: { code: 'refused' }
    })
  })
})
