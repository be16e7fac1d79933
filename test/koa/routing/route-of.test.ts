/**
 * `routeOf(ctx)` on Koa 2 and 3 with `@koa/router` and pulya's `Router`: the full template of
 * the route that answered, with the routers' prefixes; `undefined` when no route answered.
 */
import { describe, expect, it } from 'vitest'
import request, { type Response as TestResponse } from 'supertest'
import KoaRouter from '@koa/router'
import type Koa from 'koa'
import { pulya, routeOf, Router as PulyaRouter } from '../../../src/koa/index.js'
import { routeOf as rootRouteOf } from '../../../src/index.js'
import { KOA_HOSTS } from '../../helpers/hosts.js'

interface Body {
  route: string | null
  root?: string | null
}
const bodyOf = (res: TestResponse): Body => res.body as Body

type RouterClass = typeof KoaRouter

function reply(ctx: Koa.Context): void {
  ctx.body = { route: routeOf(ctx) ?? null, root: rootRouteOf(ctx) ?? null }
}

function build(Koa: (typeof KOA_HOSTS)[number]['Koa'], Router: RouterClass, withPulya: boolean): Koa {
  const app = new Koa()
  if (withPulya) app.use(pulya())
  const root = new Router()
  root.get('/users/:id', reply)
  const api = new Router({ prefix: '/api/v1' })
  const users = new Router()
  users.get('/:id/posts/:post', reply)
  api.use('/users', users.routes())
  root.use(api.routes())
  app.use(root.routes())
  app.use((ctx) => {
    ctx.body = { route: routeOf(ctx) ?? null }
  })
  return app
}

const CASES: ReadonlyArray<readonly [string, string | null]> = [
  ['/users/42', '/users/:id'],
  ['/api/v1/users/3/posts/9', '/api/v1/users/:id/posts/:post'],
  ['/nowhere', null]
]

for (const { name, Koa } of KOA_HOSTS) {
  for (const [routerName, Router] of [
    ['@koa/router', KoaRouter],
    ['pulya Router', PulyaRouter as unknown as RouterClass]
  ] as const) {
    for (const withPulya of [false, true]) {
      describe(`routeOf on ${name}, ${routerName}${withPulya ? ', with pulya' : ''}`, () => {
        const server = build(Koa, Router, withPulya).callback()
        it.each(CASES)('%s → %s', async (path, expected) => {
          const res = await request(server).get(path)
          expect(bodyOf(res).route).toBe(expected)
          if (expected !== null) expect(bodyOf(res).root).toBe(expected)
        })
      })
    }
  }
}
