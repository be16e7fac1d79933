// A Koa app with @koa/router prefixes and nesting, from an async factory, for test/cli/cli.test.ts.
import Koa from 'koa'
import Router from '@koa/router'

export default async function createApp() {
  const app = new Koa()
  const api = new Router({ prefix: '/api' })
  api.get('/users/:id', (ctx) => {
    ctx.body = { id: ctx.params.id }
  })
  const admin = new Router()
  admin.get('/stats', (ctx) => {
    ctx.body = 'stats'
  })
  api.use('/admin', admin.routes())
  app.use(api.routes()).use(api.allowedMethods())
  return app
}
