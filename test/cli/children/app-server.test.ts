/**
 * The app process, run in-process over a test channel: its order on the command line, ready
 * with the routes (and port), the command's questions answered, every failure in one line.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { IncomingMessage, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { EXPRESS } from '../../../src/cli/app-kinds/express.js'
import { KOA } from '../../../src/cli/app-kinds/koa.js'
import type { AppExplanation } from '../../../src/core/explain.js'
import {
  APP_SERVER,
  appServerArgs,
  readAppServerArgs,
  serveApp,
  type AppServerOrder
} from '../../../src/cli/children/app-server.js'
import { sendTo } from '../../../src/cli/http-client.js'
import { target } from '../../helpers/cli-target.js'
import { testChannel } from '../_channel.js'

const root = fileURLToPath(new URL('../../..', import.meta.url))

const order = (over: Partial<AppServerOrder>): AppServerOrder => ({
  mode: 'vanilla',
  app: 'examples/cli/koa-app.mjs',
  exportName: undefined,
  pulyaModule: undefined,
  pulyaOptions: undefined,
  serve: 'auto',
  ...over
})

const modules = mkdtempSync(join(tmpdir(), 'pulya-module-'))
const throwing = join(modules, 'throws.mjs')
writeFileSync(throwing, "export default () => { throw new Error('boom\\nstack') }\n")
const empty = join(modules, 'empty.cjs')
writeFileSync(empty, `module.exports = require(${JSON.stringify(join(root, 'node_modules/express4'))})()\n`)
// An app whose own code installed pulya — another build of it, known by its symbols' descriptions.
const withPulya = join(modules, 'with-pulya.cjs')
writeFileSync(
  withPulya,
  `const app = require(${JSON.stringify(join(root, 'node_modules/express'))})()\napp.get('/a', (req, res) => res.send('a'))\napp[Symbol('pulya.install')] = {}\nmodule.exports = app\n`
)
const emptyKoa = join(modules, 'empty-koa.mjs')
writeFileSync(
  emptyKoa,
  `import Koa from ${JSON.stringify(join(root, 'node_modules/koa/dist/koa.mjs'))}\nexport const app = new Koa()\n`
)

const servers: Server[] = []
afterAll(() => {
  for (const server of servers) server.close()
})

describe('appServerArgs and readAppServerArgs', () => {
  it.each([
    [order({ mode: 'routes' }), [APP_SERVER, 'routes', 'examples/cli/koa-app.mjs', '', '', '', 'auto']],
    [
      order({
        mode: 'pulya',
        exportName: 'createApp',
        pulyaModule: 'm.mjs',
        pulyaOptions: { cache: { max: 5 } },
        serve: 'listen'
      }),
      [APP_SERVER, 'pulya', 'examples/cli/koa-app.mjs', 'createApp', 'm.mjs', '{"cache":{"max":5}}', 'listen']
    ]
  ])('%j on the command line and back', (given, argv) => {
    expect(appServerArgs(given)).toEqual(argv)
    expect(readAppServerArgs(argv.slice(1))).toEqual(given)
  })
})

describe('serveApp', () => {
  it('routes: ready with the routes, nothing served', async () => {
    const channel = testChannel()
    expect(await serveApp(order({ mode: 'routes' }), channel)).toBeNull()
    expect(channel.sent).toEqual([
      {
        type: 'ready',
        routes: [
          { methods: ['HEAD', 'GET'], path: '/api/users/:id', exact: true },
          { methods: ['HEAD', 'GET'], path: '/api/admin/stats', exact: true }
        ],
        kind: 'koa',
        serving: { mode: 'handler', source: 'default', how: 'exports the app without serving it' }
      }
    ])
  })

  it('vanilla: serves on 127.0.0.1, ready with its port; answers which route matches and its CPU and RSS', async () => {
    const channel = testChannel()
    const server = await serveApp(order({ app: 'examples/cli/express5-app.mjs' }), channel)
    servers.push(server as Server)
    const ready = await channel.next('ready')
    expect((ready['routes'] as unknown[]).length).toBe(6)
    const answer = await sendTo(ready['port'] as number, target('/users/:id', '/users/42'))
    expect([answer.status, answer.body.toString()]).toEqual([200, '{"id":"42"}'])
    channel.deliver({
      type: 'match',
      id: 1,
      requests: [
        { method: 'GET', path: '/users/7?x=1' },
        { method: 'GET', path: '/nope' }
      ]
    })
    expect(await channel.next('match')).toEqual({ type: 'match', id: 1, templates: ['/users/:id', null] })
    channel.deliver({ type: 'sample', id: 2 })
    expect(await channel.next('sample')).toMatchObject({
      id: 2,
      cpu: { user: expect.any(Number) as number, system: expect.any(Number) as number },
      rss: expect.any(Number) as number
    })
    channel.deliver({ type: 'run', id: 3 })
    expect(channel.sent.map((m) => m.type)).toEqual(['ready', 'match', 'sample'])
  })

  it('pulya: the app gets pulya with the --pulya options before it listens', async () => {
    const channel = testChannel()
    servers.push(
      (await serveApp(order({ mode: 'pulya', pulyaOptions: { cache: { max: 50 } } }), channel)) as Server
    )
    const { port } = await channel.next('ready')
    const answer = await sendTo(port as number, target('/api/users/:id', '/api/users/1'))
    expect(answer.body.toString()).toBe('{"id":"1"}')
  })

  it.each([
    ['vanilla', 'auto', 'http.createServer(app): no server classes', false],
    ['vanilla', 'listen', 'app.listen(): pulya is not installed', false],
    ['pulya', 'handler', 'http.createServer(app): no server classes', false],
    ['pulya', 'listen', "app.listen(): pulya's server classes", true],
    ['pulya-server', 'auto', "pulya's createServer(app): its server classes", true]
  ] as const)('Express, %s with --serve %s: %s', async (mode, serve, _how, classes) => {
    const channel = testChannel()
    const server = (await serveApp(
      order({ mode, serve, app: 'examples/cli/express5-app.mjs' }),
      channel
    )) as Server
    servers.push(server)
    const ready = await channel.next('ready')
    expect(ready['serving']).toMatchObject({ mode: serve === 'auto' ? 'handler' : serve })
    // pulya's server classes make each request of their own class, not of Node's IncomingMessage.
    let nodeClass: boolean | undefined
    server.prependListener('request', (req: object) => {
      nodeClass = Object.getPrototypeOf(req) === IncomingMessage.prototype
    })
    const answer = await sendTo(ready['port'] as number, target('/users/:id', '/users/42'))
    expect([answer.status, nodeClass]).toEqual([200, !classes])
  })

  it("explain: what pulya does for the app, from its kind's explain (null for a kind without one; an error in one line)", async () => {
    const channel = testChannel()
    servers.push((await serveApp(order({ mode: 'pulya' }), channel)) as Server)
    await channel.next('ready')
    channel.deliver({ type: 'explain', id: 1 })
    expect(await channel.next('explain')).toMatchObject({
      id: 1,
      explanation: {
        host: { name: 'koa' },
        installed: true,
        routers: [{ name: '@koa/router #1 (prefix /api)' }]
      }
    })
    const failing = vi.spyOn(KOA, 'explain').mockRejectedValueOnce(new Error('no\nstack'))
    channel.sent.length = 0
    channel.deliver({ type: 'explain', id: 2 })
    expect(await channel.next('explain')).toEqual({ type: 'explain', id: 2, error: 'no' })
    failing.mockRestore()
    const express = testChannel()
    servers.push(
      (await serveApp(order({ mode: 'pulya', app: 'examples/cli/express5-app.mjs' }), express)) as Server
    )
    await express.next('ready')
    express.deliver({ type: 'explain', id: 3 })
    const answer = (await express.next('explain')) as { explanation: AppExplanation }
    expect(answer.explanation).toMatchObject({ host: { name: 'express' }, installed: true })
    expect(answer.explanation.routers[0]?.name).toBe("the app's router")
    const explain = Object.getOwnPropertyDescriptor(EXPRESS, 'explain') as PropertyDescriptor
    Reflect.deleteProperty(EXPRESS, 'explain')
    express.sent.length = 0
    express.deliver({ type: 'explain', id: 4 })
    expect(await express.next('explain')).toEqual({ type: 'explain', id: 4, explanation: null })
    Object.defineProperty(EXPRESS, 'explain', explain)
  })

  it('an app that installs pulya itself, in the pulya process: its own install, not a second', async () => {
    const channel = testChannel()
    servers.push((await serveApp(order({ mode: 'pulya', app: withPulya }), channel)) as Server)
    await channel.next('ready')
    channel.deliver({ type: 'explain', id: 1 })
    expect(await channel.next('explain')).toMatchObject({ explanation: { installed: false } })
  })

  it('Koa with --serve listen: app.listen(), ready with the serving it was told', async () => {
    const channel = testChannel()
    servers.push((await serveApp(order({ mode: 'pulya', serve: 'listen' }), channel)) as Server)
    const ready = await channel.next('ready')
    expect(ready['serving']).toEqual({ mode: 'listen', source: 'option', how: '--serve listen' })
    const answer = await sendTo(ready['port'] as number, target('/api/users/:id', '/api/users/3'))
    expect(answer.body.toString()).toBe('{"id":"3"}')
  })

  it.each([
    [
      'an app with nothing registered',
      order({ app: empty }),
      /^pulya: no routes found: the default export of [^ ]+empty\.cjs is an Express app with nothing registered yet \(no route, no middleware\); register them before it is exported, or export a factory \(async if need be\) returning the app once they are \(NestJS: after `await app\.init\(\)`\)$/
    ],
    [
      'a Koa app with nothing registered',
      order({ app: emptyKoa, exportName: 'app' }),
      /^pulya: no routes found: the app export of [^ ]+empty-koa\.mjs is a Koa app with nothing registered yet/
    ],
    [
      'an app that installs pulya itself, in a vanilla process',
      order({ app: withPulya }),
      /^pulya: [^ ]+with-pulya\.cjs installs pulya itself \(app\.use\(pulya\(\)\)\), so the processes meant to run it without pulya would not: .* and run them with NO_PULYA=1$/
    ],
    [
      "pulya's own server for Koa, which has none",
      order({ mode: 'pulya-server' }),
      /^pulya: Koa has no server classes: pulya works the same under app\.listen\(\) and http\.createServer\(app\.callback\(\)\)$/
    ],
    [
      'an app that cannot be loaded',
      order({ app: 'examples/cli/nope.mjs' }),
      /^pulya: cannot load examples\/cli\/nope\.mjs: no such file$/
    ],
    [
      'a bad --pulya option',
      order({ mode: 'pulya', pulyaOptions: { nope: 1 } }),
      /^pulya: --pulya: option "nope" must be one of /
    ],
    ['a --pulya-module that throws', order({ mode: 'pulya', pulyaModule: throwing }), /^pulya: boom$/]
  ])('%s: ready with one line, nothing served', async (_what, given, message) => {
    const channel = testChannel()
    expect(await serveApp(given, channel)).toBeNull()
    expect(channel.sent).toHaveLength(1)
    expect(channel.sent[0]?.['error']).toMatch(message)
  })
})
