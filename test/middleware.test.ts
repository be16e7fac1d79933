import { describe, expect, it, vi } from 'vitest'
import request from 'supertest'
import pulyaDefault, { pulya, PULYA_OPTION_IGNORED } from '../src/index.js'
import { pulya as pulyaExpress } from '../src/express/index.js'
import { pulya as pulyaKoa } from '../src/koa/index.js'
import { EXPRESS_HOSTS, KOA_HOSTS } from './helpers/hosts.js'

describe('pulya() middleware', () => {
  it('is the default and the named export', () => {
    expect(pulyaDefault).toBe(pulya)
  })

  it('validates its options once, at creation', () => {
    expect(() => pulya({ cache: { max: -1 } })).toThrow(TypeError)
    expect(() => pulyaExpress({ verify: 3 })).toThrow(/verify/)
    expect(() => pulyaKoa({ nope: 1 } as never)).toThrow(/"nope"/)
    expect(pulya({ verify: true }).options.verify).toBe(1)
  })

  describe.each(EXPRESS_HOSTS)('$name', ({ express }) => {
    it.each([
      ['pulya', () => pulya()],
      ['pulya/express', () => pulyaExpress()]
    ])('app.use(%s()) keeps the response', async (_name, make) => {
      const app = express()
      app.use(make())
      app.get('/hello/:name', (req, res) => {
        res.json({ hello: req.params['name'] })
      })
      const res = await request(app).get('/hello/world').expect(200)
      expect(res.body).toEqual({ hello: 'world' })
      await request(app).get('/missing').expect(404)
    })
  })

  describe.each(KOA_HOSTS)('$name', ({ Koa }) => {
    it.each([
      ['pulya', () => pulya()],
      ['pulya/koa', () => pulyaKoa()]
    ])('app.use(%s()) keeps the response', async (_name, make) => {
      const app = new Koa()
      app.use(make() as never)
      app.use((ctx) => {
        ctx.body = { path: ctx.path }
      })
      const server = app.callback()
      const res = await request(server).get('/a/b').expect(200)
      expect(res.body).toEqual({ path: '/a/b' })
      await request(server).get('/again').expect(200, { path: '/again' })
    })
  })

  it('says once, when Koa uses it, which of its options are Express-only; pulya/koa refuses them', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    try {
      const { Koa } = KOA_HOSTS[0] as (typeof KOA_HOSTS)[number]
      for (const [options, message] of [
        [
          { responses: false },
          'pulya: responses is an option of Express only; Koa ignores it (use pulya/koa to have it rejected)'
        ],
        [
          { responses: false, serverClasses: true },
          'pulya: serverClasses and responses are options of Express only; Koa ignores them (use pulya/koa to have them rejected)'
        ]
      ] as const) {
        warn.mockClear()
        const middleware = pulya(options)
        const app = new Koa()
        app.use(middleware as never)
        app.use((ctx) => {
          ctx.body = 'ok'
        })
        await request(app.callback()).get('/').expect(200, 'ok')
        await request(app.callback()).get('/').expect(200, 'ok')
        expect(warn.mock.calls).toEqual([[message, 'PulyaWarning', PULYA_OPTION_IGNORED]])
        expect(middleware.stats()).toEqual({
          routers: 0,
          hits: 0,
          misses: 0,
          evictions: 0,
          skipped: 0,
          verified: 0,
          mismatches: 0,
          fallbacks: 0
        })
      }
      warn.mockClear()
      const app = new Koa()
      app.use(pulya({ cache: false }) as never)
      await request(app.callback()).get('/').expect(404)
      expect(warn).not.toHaveBeenCalled()
      expect(() => pulyaKoa({ responses: false } as never)).toThrow('option "responses" must be left out')
    } finally {
      warn.mockRestore()
    }
  })
})
