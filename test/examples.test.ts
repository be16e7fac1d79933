import { describe, expect, it } from 'vitest'
import request from 'supertest'
import { createApp as createExpressApp } from '../examples/express-app.js'
import { createApp as createKoaApp } from '../examples/koa-app.js'
import { createApp as createKoaRouterApp } from '../examples/koa-router-app.js'

describe('examples', () => {
  it('express-app answers through pulya', async () => {
    const app = createExpressApp()
    await request(app).get('/users/7').expect(200, { id: '7', base: '/users' })
    await request(app).get('/health').expect(200, 'ok')
    await request(app).get('/nope').expect(404)
  })

  it('koa-app answers through pulya', async () => {
    const server = createKoaApp().callback()
    await request(server).get('/gists/9').expect(200, { resource: 'gists', id: '9' })
    const res = await request(server).post('/gists/9')
    expect(res.status).toBe(405)
    expect(res.headers['allow']).toBe('HEAD, GET')
  })

  it("koa-router-app answers through pulya's Router", async () => {
    const server = createKoaRouterApp().callback()
    await request(server)
      .get('/api/gists/9')
      .expect(200, { resource: 'gists', id: '9', self: '/api/gists/9' })
    await request(server).get('/api/gists/x').expect(400)
    await request(server).get('/api/admin/stats').expect(200, { routes: 8 })
    const res = await request(server).delete('/api/gists/9')
    expect(res.status).toBe(405)
    expect(res.headers['allow']).toBe('HEAD, GET')
  })
})
