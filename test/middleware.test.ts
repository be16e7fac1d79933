import { describe, expect, it } from 'vitest'
import request from 'supertest'
import pulyaDefault, { pulya } from '../src/index.js'
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
      app.get('/hello/:name', (req, res) => { res.json({ hello: req.params['name'] }) })
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
      app.use((ctx) => { ctx.body = { path: ctx.path } })
      const server = app.callback()
      const res = await request(server).get('/a/b').expect(200)
      expect(res.body).toEqual({ path: '/a/b' })
      await request(server).get('/again').expect(200, { path: '/again' })
    })
  })
})
