/**
 * A Koa app with @koa/router and pulya as the first middleware: pulya caches the router's
 * matching behind its own API. Run it with `npx tsx examples/koa-app.ts`.
 */
import Koa from 'koa'
import Router from '@koa/router'
import { pulya } from 'pulya/koa'

/** Builds the example app; the test in test/examples.test.ts keeps it working. */
export function createApp(): Koa {
  const app = new Koa()
  app.use(pulya())
  const router = new Router()
  for (const resource of ['users', 'repos', 'orgs', 'gists', 'teams', 'issues', 'events']) {
    router.get(`/${resource}/:id`, (ctx) => {
      ctx.body = { resource, id: ctx.params['id'] }
    })
  }
  app.use(router.routes()).use(router.allowedMethods())
  return app
}

if (process.argv[1]?.endsWith('koa-app.ts') === true) {
  createApp().listen(3001, '127.0.0.1', () => {
    console.log('listening on http://127.0.0.1:3001')
  })
}
