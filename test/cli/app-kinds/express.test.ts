/** The Express kind: its own app.listen() told from the stack, what it prepares, and what it serves with. */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { EXPRESS } from '../../../src/cli/app-kinds/express.js'

describe('EXPRESS', () => {
  it.each([
    [
      "Express's listen",
      { functionName: 'listen', typeName: 'Function', fileName: '/n/express/lib/application.js' },
      true
    ],
    [
      "Express 4's, aliased",
      { functionName: 'listen', typeName: 'Function', fileName: 'C:\\n\\express4\\lib\\application.js' },
      true
    ],
    [
      'a listen of the same name elsewhere',
      { functionName: 'listen', typeName: 'Function', fileName: '/app/server.js' },
      false
    ],
    [
      "Koa's listen",
      { functionName: 'listen', typeName: 'Application', fileName: '/n/koa/lib/application.js' },
      false
    ],
    ['module code', { functionName: null, typeName: 'Object', fileName: null }, false]
  ])('isOwnListen: %s', (_what, caller, own) => {
    expect(EXPRESS.isOwnListen(caller)).toBe(own)
  })

  it("serves with the app itself; pulya's createServer(app) is its own server", async () => {
    const app = express()
    expect(EXPRESS.handler(app)).toBe(app)
    expect(EXPRESS.isEmpty(app)).toBe(true)
    app.get('/', () => undefined)
    expect(EXPRESS.isEmpty(app)).toBe(false)
    if ('none' in EXPRESS.pulyaServer) throw new Error('Express has a server of pulya')
    const server = await EXPRESS.pulyaServer.create(app)
    expect(server.listening).toBe(false)
    expect(EXPRESS.pulyaServer.code.to).toContain("from 'pulya/express'")
  })
})
