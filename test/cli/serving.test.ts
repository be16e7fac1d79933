/** How the app is served: found from the module, decided with --serve, and said in the report. */
import { createServer } from 'node:http'
import { Server } from 'node:net'
import express from 'express'
import { describe, expect, it } from 'vitest'
import { EXPRESS } from '../../src/cli/app-kinds/express.js'
import { KOA } from '../../src/cli/app-kinds/koa.js'
import {
  appOfServer,
  decideServing,
  isServer,
  moduleServing,
  serverNote,
  servingText,
  type Serving
} from '../../src/cli/serving.js'

describe('decideServing', () => {
  const found = { mode: 'listen' as const, how: 'calls app.listen() when loaded' }

  it.each([
    ['--serve wins', 'handler', found, { mode: 'handler', source: 'option', how: '--serve handler' }],
    ['what the module does', 'auto', found, { ...found, source: 'module' }],
    [
      'handler mode when the module says nothing',
      'auto',
      null,
      { mode: 'handler', source: 'default', how: 'exports the app without serving it' }
    ]
  ] as const)('%s', (_what, option, module, serving) => {
    expect(decideServing(option, module)).toEqual(serving)
  })
})

describe('servingText', () => {
  it.each([
    [
      { mode: 'listen', source: 'module', how: 'calls app.listen() when loaded' },
      EXPRESS,
      'app.listen() (listen mode): the module calls app.listen() when loaded'
    ],
    [
      { mode: 'handler', source: 'default', how: 'exports the app without serving it' },
      KOA,
      'http.createServer(app.callback()) (handler mode): the module exports the app without serving it; pass --serve listen if your server is app.listen()'
    ],
    [
      { mode: 'handler', source: 'option', how: '--serve handler' },
      EXPRESS,
      'http.createServer(app) (handler mode): --serve handler'
    ]
  ] as const)('%j', (serving: Serving, kind, text) => {
    expect(servingText(serving, kind)).toBe(text)
  })
})

describe('isServer, appOfServer and moduleServing', () => {
  const app = express()

  it('a server is a net.Server; an app is not', () => {
    expect([isServer(new Server()), isServer(app), isServer(null)]).toEqual([true, false, false])
  })

  it('a server serving an app the module did not listen: handler mode; one serving none: null', () => {
    const server = createServer(app as never)
    expect(appOfServer(server, [])).toMatchObject({ app, kind: EXPRESS, serving: { mode: 'handler' } })
    expect(
      appOfServer(
        createServer(() => undefined),
        []
      )
    ).toBeNull()
  })

  it('the first server listened that serves the app decides; servers of other apps are passed over', () => {
    const other = createServer(express() as never)
    const own = createServer(app as never)
    expect(
      moduleServing(app, [
        { server: other, byAppListen: true },
        { server: own, byAppListen: false }
      ])
    ).toEqual({
      mode: 'handler',
      how: 'serves it with an http.Server of its own (http.createServer(app)) when loaded'
    })
    expect(moduleServing(app, [{ server: other, byAppListen: true }])).toBeNull()
  })
})

describe('serverNote', () => {
  it.each([
    [
      'listen mode',
      'listen',
      EXPRESS,
      "pulya's server classes apply: app.listen() creates the server with them"
    ],
    [
      'handler mode',
      'handler',
      EXPRESS,
      "pulya's server classes do not apply: the app's own code creates the server; one line gives them: http.createServer(app) → createServer(app)  // import { createServer } from 'pulya/express'"
    ],
    [
      'a kind without a server of pulya',
      'listen',
      KOA,
      'Koa has no server classes: pulya works the same under app.listen() and http.createServer(app.callback())'
    ]
  ] as const)('%s', (_what, mode, kind, note) => {
    expect(serverNote(mode, kind.pulyaServer)).toBe(note)
  })
})
