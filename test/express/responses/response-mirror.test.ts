/**
 * The mirror of `res.send`/`res.json`/`res.sendStatus`: for which Express copies and which
 * response prototypes pulya gives its own, and that its answers stay Express's (the contract
 * suite, compat/cases/responses.ts, proves them against vanilla; here also on Express 5.2).
 */
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import request from 'supertest'
import { hostModules } from '../../../src/express/install/host-modules.js'
import { pulya } from '../../../src/express/index.js'
import { EXPRESS_52, EXPRESS_HOSTS } from '../../helpers/hosts.js'
import { expectSame, req, serveExpress, sides } from '../../helpers/differential.js'
import { mirroredResponseMethods, responseMirrorFor } from '../../../src/express/responses/response-mirror.js'
import { RESPONSE_CASES } from '../../../compat/cases/responses.js'
import { runDifferential } from '../../../compat/differential.js'
import { fakeExpress } from '../_fake-express.js'

/** The record of the modules of `app`'s Express. */
function modulesOf(app: object): ReturnType<typeof hostModules> {
  return hostModules((app as { handle: object }).handle)
}

/** The names of the methods the mirror would put on `app.response`. */
function mirrored(app: object): string[] {
  const response = (app as { response: object }).response
  return mirroredResponseMethods(response, modulesOf(app)).map((method) => method.name)
}

describe('Express 5.2: its res.send is mirrored too', () => {
  it.each(RESPONSE_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const report = await runDifferential(EXPRESS_52.express, (e) => c.build(e, 5), c.steps, {
      inject: c.inject ?? 'first',
      normalize: c.normalize
    })
    expect(report.message).toBe('')
  })

  it('is recognised', () => {
    expect(responseMirrorFor(modulesOf(EXPRESS_52.express()))).not.toBeNull()
  })
})

describe.each(EXPRESS_HOSTS)('$name: the res.send/res.json mirror', ({ express }) => {
  it('keeps its tables bounded and answers as Express for many distinct types', async () => {
    const build = (withPulya: boolean): ReturnType<typeof express> => {
      const app = express()
      if (withPulya) app.use(pulya())
      app.get('/t/:n', (req, res) => {
        res.type(`application/x-t${req.params['n']}`).send('typed')
      })
      return app
    }
    await expectSame(
      sides(serveExpress, build(false), { pulya: build(true) }),
      Array.from({ length: 140 }, (_, n) => req('GET', `/t/${n}`)),
      { concurrency: 20 }
    )
  })

  it('hands two-argument calls and a replaced express.response.send/json back to Express', async () => {
    const app = express()
    app.use(pulya())
    // express.response: the first object behind app.response (which holds pulya's send) with a send.
    let base = Object.getPrototypeOf(app.response) as Record<string, unknown>
    while (!Object.hasOwn(base, 'send')) base = Object.getPrototypeOf(base) as Record<string, unknown>
    app.get('/replaced', (_req, res) => {
      res.json({ replaced: true })
    })
    const send = base['send']
    const json = base['json']
    const seen: string[] = []
    base['json'] = function (this: { send: (b: string) => unknown }, obj: unknown) {
      seen.push('json')
      return this.send(JSON.stringify(obj))
    }
    base['send'] = function (this: { end: (b: string) => unknown }, body: string) {
      seen.push('send')
      return this.end(body)
    }
    try {
      const replaced = await request(app).get('/replaced')
      expect(replaced.text).toBe('{"replaced":true}')
      expect(seen).toEqual(['json', 'send'])
    } finally {
      base['send'] = send
      base['json'] = json
    }
    // res.json(obj, status): Express's own (deprecated) reading of the two arguments, as vanilla.
    const build = (withPulya: boolean): ReturnType<typeof express> => {
      const other = express()
      if (withPulya) other.use(pulya())
      other.get('/json2', (_req, res) => {
        ;(res.json as (...a: unknown[]) => unknown)({ a: 1 }, 201)
      })
      return other
    }
    await expectSame(sides(serveExpress, build(false), { pulya: build(true) }), [req('GET', '/json2')])
  })

  it('leaves a send or json the app already customised, and Express copies it does not know', () => {
    expect(mirrored(express())).toEqual(['send', 'json', 'sendStatus'])
    const app = express() as unknown as { response: Record<string, unknown> }
    const custom = function json(): void {}
    app.response['json'] = custom
    app.response['sendStatus'] = custom
    expect(mirrored(app)).toEqual(['send'])
    app.response['send'] = custom
    expect(mirrored(app)).toEqual([])
    expect(mirrored({ handle: function unknown() {}, response: {} })).toEqual([])
  })

  it('defines each method as Express does, by assignment', () => {
    const app = express()
    const [send] = mirroredResponseMethods(app.response, modulesOf(app))
    expect(send?.descriptor).toEqual({
      value: responseMirrorFor(modulesOf(app))?.send,
      writable: true,
      configurable: true,
      enumerable: true
    })
  })
})

describe('the mirror refuses sources it does not know', () => {
  it.each([
    ['a response module that cannot be loaded', {}],
    ['a send, set and type it does not know', { 'response.js': 'exports.send = 1', 'utils.js': '' }]
  ] as const)('%s', (_name, files) => {
    expect(responseMirrorFor(hostModules(fakeExpress(files)))).toBeNull()
  })

  it('keeps Express’s own for an unknown send, even with every other part found', () => {
    const unknown =
      'exports.send = function send (b) { return b }; exports.set = 1; exports.type = 2; exports.json = 3'
    const modules = hostModules(
      fakeExpress({ 'response.js': unknown, 'utils.js': 'exports.setCharset = (t) => t' }, true)
    )
    expect(modules.response).not.toBeNull()
    expect(modules.setCharset).not.toBeNull()
    expect(responseMirrorFor(modules)).toBeNull()
  })

  it('mirrors a known send next to an unknown json and sendStatus, and only the send', () => {
    const real = createRequire(import.meta.url).resolve('express/lib/response.js')
    const mixed = `const real = require(${JSON.stringify(real)}); module.exports = { send: real.send, set: real.set, type: real.type, json: function json () {} }`
    const fast = responseMirrorFor(
      hostModules(
        fakeExpress(
          {
            'response.js': mixed,
            'utils.js': `module.exports = require(${JSON.stringify(real.replace('response.js', 'utils.js'))})`
          },
          true
        )
      )
    )
    expect(fast?.json).toBeNull()
    expect(fast?.sendStatus).toBeNull()
    expect(typeof fast?.send).toBe('function')
  })
})
