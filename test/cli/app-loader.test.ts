/**
 * Loading the user's app in the app process: ESM and CommonJS, named exports and factories,
 * TypeScript through tsx, an app that listens as it loads, and every failure in one line.
 */
import { once } from 'node:events'
import { createRequire } from 'node:module'
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { Server, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import {
  LoadError,
  appKind,
  firstLine,
  loadApp,
  notReadyHint,
  typeScriptLoader
} from '../../src/cli/app-loader.js'
import { discoverRoutes } from '../../src/cli/routes.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'pulya-cli-'))
const file = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text)
  return join(dir, name)
}
const koaLike = '{ middleware: [], callback() {}, use() {} }'

describe('loadApp', () => {
  it('loads default exports, named exports, CommonJS objects and async factories', async () => {
    const express5 = await loadApp('examples/cli/express5-app.mjs', undefined, root)
    expect(discoverRoutes(express5.app).map((r) => r.path)).toContain('/admin/stats')
    const koa = await loadApp('examples/cli/koa-app.mjs', undefined, root)
    expect(discoverRoutes(koa.app).map((r) => r.path)).toEqual(['/api/users/:id', '/api/admin/stats'])
    expect(koa.kind).toBe('koa')
    expect((await loadApp('examples/cli/express4-app.cjs', 'createApp', root)).kind).toBe('express')
    const hidden = file('hidden.cjs', `module.exports = Object.assign({}, { make: () => (${koaLike}) })`)
    expect((await loadApp(hidden, 'make')).kind).toBe('koa')
  })

  it('requires CommonJS, so `if (!module.parent) app.listen(3000)` does not listen', async () => {
    const guarded = file(
      'guarded.js',
      `if (!module.parent) throw new Error('would listen on 3000')\nmodule.exports = ${koaLike}`
    )
    expect((await loadApp(guarded, undefined)).kind).toBe('koa')
  })

  it.each([
    [
      'compiled.cjs',
      `Object.defineProperty(exports, '__esModule', { value: true })\nexports.default = ${koaLike}`
    ],
    ['fn.cjs', `module.exports = () => (${koaLike})`]
  ])(
    '%s: the default export of compiled CommonJS, a function exported as module.exports',
    async (name, text) => {
      expect((await loadApp(file(name, text), undefined)).kind).toBe('koa')
    }
  )

  it('imports the .js of a "type": "module" package', async () => {
    mkdirSync(join(dir, 'esm'))
    writeFileSync(join(dir, 'esm', 'package.json'), '{"type":"module"}')
    writeFileSync(join(dir, 'esm', 'app.js'), `export default ${koaLike}`)
    expect((await loadApp(join(dir, 'esm', 'app.js'), undefined)).kind).toBe('koa')
  })

  it.each([
    ['a missing file', 'none.mjs', null, undefined, /^pulya: cannot load .*none\.mjs: no such file$/],
    ['a syntax error', 'syntax.mjs', 'export default {', undefined, /^pulya: cannot load .*syntax\.mjs: /],
    [
      'a CommonJS syntax error',
      'broken.cjs',
      'module.exports = ;',
      undefined,
      /^pulya: cannot load .*broken\.cjs: /
    ],
    [
      'no default export',
      'named.mjs',
      'export const a = 1',
      undefined,
      / has no default export \(use --export <name>\)$/
    ],
    [
      'no default export, a factory among the named ones',
      'named-factory.mjs',
      'export const a = 1\nexport function createApp() {}',
      undefined,
      / has no default export; its exports that could be: createApp \(pass --export <name>\)$/
    ],
    [
      'a CommonJS object of exports, not the app',
      'exports.cjs',
      'exports.createApp = function () {}\nexports.port = 3000',
      undefined,
      / is not an Express or Koa app, a server serving one, nor a factory returning either; its exports that could be: createApp \(pass --export <name>\)$/
    ],
    ['no such named export', 'named2.mjs', 'export const a = 1', 'b', / has no export named b$/],
    [
      'a named export that is not an app',
      'named3.mjs',
      'export const a = 1\nexport function b() {}',
      'a',
      / the a export of .* is not an Express or Koa app, a server serving one, nor a factory returning either$/
    ],
    [
      'a failing factory',
      'throws.mjs',
      "export default () => { throw new Error('boom\\nstack') }",
      undefined,
      /^pulya: the factory default of .*throws\.mjs failed: boom$/
    ],
    [
      'not an app',
      'plain.mjs',
      'export default { port: 3000 }',
      undefined,
      / is not an Express or Koa app, a server serving one, nor a factory returning either$/
    ],
    [
      'a NestJS app',
      'nest.mjs',
      'export default { getHttpAdapter() {}, init() {} }',
      undefined,
      /: it looks like a NestJS app; export its Express app, `app\.getHttpAdapter\(\)\.getInstance\(\)`, after `await app\.init\(\)` \(which registers the routes\)$/
    ],
    [
      'a server serving no app',
      'server.cjs',
      "module.exports = require('node:http').createServer(() => {})",
      undefined,
      / is a server whose request listener is not an Express app nor a Koa app\.callback\(\) made while it loaded: export the app instead \(--export <name>\)$/
    ]
  ])('fails with one line: %s', async (_what, name, text, exportName, message) => {
    const path = text === null ? join(dir, name) : file(name, text)
    const error = await loadApp(path, exportName).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LoadError)
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).not.toContain('\n')
  })

  it('firstLine, appKind and notReadyHint leave alone what they cannot use', () => {
    expect(firstLine('a\nb')).toBe('a')
    expect(firstLine(new Error('x\ny'))).toBe('x')
    expect(appKind(null)).toBeUndefined()
    expect([notReadyHint(null), notReadyHint({})]).toEqual(['', ''])
  })
})

describe('loadApp: every listen() of the load', () => {
  /** Server.prototype.listen as it is now, compared (never called). */
  const currentListen = (): unknown => Object.getOwnPropertyDescriptor(Server.prototype, 'listen')?.value
  const listen = currentListen()

  it("moves the app's own listen(3000) to a free port on 127.0.0.1, then restores listen", async () => {
    const app = file(
      'listens.cjs',
      `const server = require('node:net').createServer()\nserver.listen(3000)\nmodule.exports = Object.assign(${koaLike}, { server })`
    )
    const loaded = await loadApp(app, undefined)
    const server = (loaded.app as { server: Server }).server
    if (!server.listening) await once(server, 'listening')
    const { address, port } = server.address() as AddressInfo
    server.close()
    expect([address, port === 3000]).toEqual(['127.0.0.1', false])
    expect(currentListen()).toBe(listen)
  })

  it('restores listen when the load fails', async () => {
    await expect(loadApp(join(dir, 'none.cjs'), undefined)).rejects.toThrow(LoadError)
    expect(currentListen()).toBe(listen)
  })
})

describe('typeScriptLoader', () => {
  it('nothing for JavaScript, nor for a TypeScript file that is not there (loadApp reports it)', () => {
    expect(typeScriptLoader('examples/cli/express5-app.mjs', root)).toEqual([])
    expect(typeScriptLoader('examples/cli/nope.ts', root)).toEqual([])
  })

  it("tsx's --import, found from the app up or the working folder; without it, one line naming tsx", () => {
    const [flag, url] = typeScriptLoader('examples/cli/typescript-app.ts', root)
    expect(flag).toBe('--import')
    expect(url).toMatch(/^file:\/\/.*\/node_modules\/tsx\/dist\/loader\.mjs$/)
    const alone = mkdtempSync(join(tmpdir(), 'pulya-ts-'))
    writeFileSync(join(alone, 'app.mts'), 'export default 1\n')
    expect(() => typeScriptLoader('app.mts', alone)).toThrow(LoadError)
    expect(() => typeScriptLoader('app.mts', alone)).toThrow(
      'pulya: app.mts is TypeScript: install tsx to load it (npm install --save-dev tsx)'
    )
    // Found from the working folder when the app's folder has no tsx.
    expect(typeScriptLoader(join(alone, 'app.mts'), root)[0]).toBe('--import')
  })
})

describe('loadApp: how the module serves the app', () => {
  // A project of its own whose express and koa are the repo's: the kinds prepare what the
  // module resolves.
  const project = mkdtempSync(join(tmpdir(), 'pulya-serving-'))
  mkdirSync(join(project, 'node_modules'))
  for (const name of ['express', 'express4', 'koa'])
    symlinkSync(join(root, 'node_modules', name), join(project, 'node_modules', name), 'dir')
  const module = (name: string, text: string): string => {
    writeFileSync(join(project, name), text)
    return join(project, name)
  }
  const express = "const app = require('express')()\napp.get('/a', (req, res) => res.send('a'))\n"
  const koa = "const Koa = require('koa')\nconst app = new Koa()\napp.use((ctx) => { ctx.body = 'a' })\n"
  const closeAll: Server[] = []
  afterAll(() => {
    for (const server of closeAll) server.close()
  })

  it.each([
    ['an app, not served', 'plain.cjs', `${express}module.exports = app`, null],
    [
      'app.listen() when loaded',
      'listens.cjs',
      `${express}closeAll.push(app.listen(3000))\nmodule.exports = app`,
      { mode: 'listen', how: 'calls app.listen() when loaded' }
    ],
    [
      'its own http.createServer(app) when loaded',
      'own.cjs',
      `${express}closeAll.push(require('node:http').createServer(app).listen(3000))\nmodule.exports = app`,
      {
        mode: 'handler',
        how: 'serves it with an http.Server of its own (http.createServer(app)) when loaded'
      }
    ],
    [
      'an exported http.Server',
      'server.cjs',
      `${express}module.exports = require('node:http').createServer(app)`,
      { mode: 'handler', how: 'exports an http.Server made with http.createServer(app)' }
    ],
    [
      'an exported https server',
      'tls.cjs',
      `${express}module.exports = require('node:https').createServer({}, app)`,
      {
        mode: 'handler',
        how: 'exports a TLS server (https, http2), measured over plain HTTP, made with http.createServer(app)'
      }
    ],
    [
      'the server app.listen() returned',
      'returned.cjs',
      `${express}module.exports = closeAll[closeAll.push(app.listen(3000)) - 1]`,
      { mode: 'listen', how: 'exports the server its app.listen() returned' }
    ],
    [
      "Koa's app.listen() when loaded",
      'koa-listens.cjs',
      `${koa}closeAll.push(app.listen(3000))\nmodule.exports = app`,
      { mode: 'listen', how: 'calls app.listen() when loaded' }
    ],
    [
      'app.listen() when loaded, nothing exported (ESM)',
      'bare.mjs',
      `import { createRequire } from 'node:module'\nconst require = createRequire(import.meta.url)\n${express}closeAll.push(app.listen(3000))`,
      { mode: 'listen', how: 'calls app.listen() when loaded' }
    ],
    [
      "Koa's own http.createServer(app.callback()) when loaded, nothing exported (CommonJS)",
      'koa-bare.cjs',
      `${koa}closeAll.push(require('node:http').createServer(app.callback()).listen(3000))`,
      {
        mode: 'handler',
        how: 'serves it with an http.Server of its own (http.createServer(app.callback())) when loaded'
      }
    ],
    [
      "a factory returning Koa's http.createServer(app.callback())",
      'koa-server.cjs',
      `${koa}module.exports = () => require('node:http').createServer(app.callback())`,
      { mode: 'handler', how: 'exports an http.Server made with http.createServer(app.callback())' }
    ]
  ])('%s', async (_what, name, text, serving) => {
    ;(globalThis as { closeAll?: Server[] }).closeAll = closeAll
    const loaded = await loadApp(module(name, text.replaceAll('closeAll', 'globalThis.closeAll')), undefined)
    expect(loaded.serving).toEqual(serving)
    expect(discoverRoutes(loaded.app, loaded.kind).length + loaded.kind.length).toBeGreaterThan(0)
  })

  it('sub-apps mounted while the module loads are walked; the express it resolves is restored after', async () => {
    const { application } = createRequire(join(project, 'x.cjs'))('express') as {
      application: { use: unknown }
    }
    const use = application.use
    const loaded = await loadApp(
      module(
        'subapps.cjs',
        "const express = require('express')\nconst app = express()\nconst sub = express()\nsub.get('/s', (req, res) => res.end())\napp.use('/sub', sub)\nmodule.exports = app"
      ),
      undefined
    )
    expect(discoverRoutes(loaded.app, loaded.kind).map((r) => r.path)).toEqual(['/sub/s'])
    expect(application.use).toBe(use)
  })
})
