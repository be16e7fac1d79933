/** explain's host-agnostic parts: the package a host file belongs to. (Routers: test/koa/explain.test.ts, test/express/explain.test.ts.) */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hostPackage } from '../../src/core/explain.js'

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
