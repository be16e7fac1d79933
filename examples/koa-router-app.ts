/**
 * A Koa app with pulya's drop-in Router: the only change from an @koa/router app is the
 * import. Nested routers, a prefix, param() and allowedMethods work as @koa/router's do.
 * Run it with `npx tsx examples/koa-router-app.ts`.
 *
 * TypeScript: pulya's declarations name no host types, so a TypeScript app that wants
 * @koa/router's own generic types (typed `ctx`) casts once, as here; in JavaScript,
 * `const { Router } = require('pulya/koa')` is all.
 */
import Koa from 'koa'
import type KoaRouter from '@koa/router'
import { Router as PulyaRouter } from 'pulya/koa'

const Router = PulyaRouter as unknown as typeof KoaRouter

/** Builds the example app; the test in test/examples.test.ts keeps it working. */
export function createApp(): Koa {
  const app = new Koa()
  const api = new Router({ prefix: '/api' })
  api.param('id', async (id: string, ctx, next) => {
    if (!/^\d+$/.test(id)) ctx.throw(400, 'id must be a number')
    await next()
  })
  for (const resource of ['users', 'repos', 'orgs', 'gists', 'teams', 'issues', 'events']) {
    api.get(`${resource}-by-id`, `/${resource}/:id`, (ctx) => {
      ctx.body = { resource, id: ctx.params.id, self: api.url(`${resource}-by-id`, { id: ctx.params.id }) }
    })
  }
  const admin = new Router()
  admin.get('/stats', (ctx) => {
    ctx.body = { routes: api.stack.length }
  })
  api.use('/admin', admin.routes())
  app.use(api.routes()).use(api.allowedMethods())
  return app
}

if (process.argv[1]?.endsWith('koa-router-app.ts') === true) {
  createApp().listen(3002, '127.0.0.1', () => {
    console.log('listening on http://127.0.0.1:3002')
  })
}
