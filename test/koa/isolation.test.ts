/**
 * Koa: no state leaks between requests. Thousands of requests in flight at once through nested
 * routers with prefixes and params, random async delays, thrown errors (exposed or not, with
 * headers), 404s, 405s and client aborts — vanilla @koa/router, `app.use(pulya())` and pulya's
 * Router, on Koa 2 and Koa 3. Each request carries its id in a header and its query; every handler
 * checks what it sees belongs to that id, and every answer is compared with vanilla's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import KoaRouter from '@koa/router'
import type Koa from 'koa'
import { pulya, createRouterClass, type RouterClass } from '../../src/koa/index.js'
import { KOA_HOSTS, type KoaClass } from '../helpers/hosts.js'
import { envInteger } from '../helpers/env.js'
import {
  groupOf,
  schedule,
  settled,
  stress,
  type RequestKind,
  type StressAnswer,
  type StressRequest
} from '../helpers/stress.js'
import { eventually } from '../helpers/eventually.js'
import { expectSameAnswers } from '../helpers/differential.js'
import type { Observed } from '../../compat/differential.js'

const REQUESTS = envInteger('PULYA_STRESS_REQUESTS', 3000)
const SOCKETS = 400
const SEED = envInteger('PULYA_STRESS_SEED', 20261127)

type Context = Koa.ParameterizedContext & {
  params: Record<string, string | undefined>
  routerPath?: string
  _matchedRoute?: string
  matched?: Array<{ path: string }>
}

class Ledger {
  readonly records: string[] = []
  readonly violations: string[] = []
  /** Slow handlers entered: a request the client cut may never have reached the server. */
  started = 0

  check(ctx: Context, where: string): number {
    const id = Number(ctx.get('x-id'))
    const state = ctx.state as { id?: number }
    if (ctx.params['id'] !== undefined && ctx.params['id'] !== groupOf(id))
      this.violations.push(`${where} ${id}: params.id ${ctx.params['id']}`)
    if (state.id !== id) this.violations.push(`${where} ${id}: state.id ${String(state.id)}`)
    if (!ctx.originalUrl.endsWith(`n=${id}`))
      this.violations.push(`${where} ${id}: originalUrl ${ctx.originalUrl}`)
    this.records.push(`${where} ${id}`)
    return id
  }
}

function pause(id: number): Promise<void> {
  const ms = id % 4
  return new Promise((resolve) => {
    if (ms === 0) setImmediate(resolve)
    else setTimeout(resolve, ms)
  })
}

const ERROR_STATUSES = [400, 401, 403, 409, 422, 500, 503]

function build(Koa: KoaClass, Router: RouterClass, withPulya: boolean, ledger: Ledger): Koa {
  const app = new Koa()
  app.silent = true
  if (withPulya) app.use(pulya({ cache: { max: 64 } }))
  app.use(async (ctx, next) => {
    ;(ctx.state as { id: number }).id = Number(ctx.get('x-id'))
    await next()
  })
  const Base = Router as unknown as typeof KoaRouter
  const root = new Base()
  for (let i = 0; i < 40; i++)
    root.get(`/filler${i}/:id`, (ctx) => {
      ctx.body = `filler ${i}`
    })
  root.get('/users/:id/items/:item', async (ctx) => {
    const c = ctx as unknown as Context
    await pause(Number(c.params['id']))
    ledger.check(c, 'users')
    ctx.body = { params: c.params, routerPath: c.routerPath, matched: c._matchedRoute, url: ctx.url }
  })
  const api = new Base({ prefix: '/api/v1' })
  api.get('/text/:id', async (ctx) => {
    const id = ledger.check(ctx as unknown as Context, 'text')
    await pause(id)
    ctx.body = `hello ${id % 5}`
  })
  api.post('/text/:id', (ctx) => {
    ctx.body = 'posted'
  })
  const nested = new Base()
  nested.get('/deep/:id', async (ctx) => {
    const id = ledger.check(ctx as unknown as Context, 'deep')
    await pause(id)
    // ctx.matched: every layer the routers on the way matched (the root router's and this one's).
    ctx.body = {
      id,
      params: (ctx as unknown as Context).params,
      matched: (ctx as unknown as Context).matched?.map((layer) => layer.path)
    }
  })
  api.use('/nested/:group', nested.routes())
  root.get('/throw/:id', async (ctx) => {
    const id = ledger.check(ctx as unknown as Context, 'throw')
    await pause(id)
    const status = ERROR_STATUSES[id % ERROR_STATUSES.length] as number
    // Koa's onerror: the message when exposed (4xx), the status text otherwise; err.headers set.
    throw Object.assign(new Error(`boom ${id}`), {
      status,
      expose: id % 3 === 0,
      headers: { 'x-error-id': String(id) }
    })
  })
  root.get('/slow/:id', async (ctx) => {
    ledger.started++
    await new Promise((resolve) => setTimeout(resolve, 15))
    ledger.check(ctx as unknown as Context, 'slow')
    ctx.body = `slow ${String((ctx as unknown as Context).params['id'])}`
  })
  app.use(root.routes()).use(root.allowedMethods())
  app.use(api.routes()).use(api.allowedMethods({ throw: false }))
  return app
}

/** Every kind of request; `schedule` draws among them and adds each request's `n`. */
const KINDS: RequestKind[] = [
  (g) => ({ method: 'GET', path: `/users/${g}/items/${g * 3}?q=${g}` }),
  (g) => ({ method: 'GET', path: `/api/v1/text/${g}` }),
  (g) => ({ method: 'HEAD', path: `/api/v1/text/${g}` }),
  (g) => ({ method: 'DELETE', path: `/api/v1/text/${g}` }),
  (g) => ({ method: 'GET', path: `/api/v1/nested/g${g % 7}/deep/${g}` }),
  (g) => ({ method: 'GET', path: `/throw/${g}` }),
  (g) => ({ method: 'GET', path: `/missing/${g}` }),
  (g) => ({ method: 'GET', path: `/slow/${g}`, abortAfterMs: 3 })
]

async function serve(app: Koa): Promise<Server> {
  const handle = app.callback()
  const server = createServer((req, res) => {
    void handle(req, res)
  })
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve)
  })
  return server
}

const Vanilla = KoaRouter as unknown as RouterClass
const Pulya = createRouterClass(Vanilla, { cache: { max: 64 } })

describe.each(KOA_HOSTS)('$name: requests in flight at once see only their own state', ({ Koa }) => {
  const requests = schedule(REQUESTS, SEED, KINDS)
  const sides = [
    { name: 'vanilla', Router: Vanilla, withPulya: false },
    { name: 'app.use(pulya())', Router: Vanilla, withPulya: true },
    { name: "pulya's Router", Router: Pulya, withPulya: false }
  ].map((side) => ({ ...side, ledger: new Ledger(), answers: [] as StressAnswer[] }))
  const servers: Server[] = []

  beforeAll(async () => {
    for (const side of sides) {
      const server = await serve(build(Koa, side.Router, side.withPulya, side.ledger))
      servers.push(server)
      side.answers = await stress(server, requests, SOCKETS)
      await eventually(
        () => side.ledger.records.filter((r) => r.startsWith('slow ')).length === side.ledger.started,
        5000
      )
    }
  }, 60_000)
  afterAll(() => {
    for (const server of servers) server.close()
  })

  it.each(sides.slice(1).map((side, i) => [side.name, i + 1] as const))(
    '%s: every handler saw its own request',
    (_name, index) => {
      const [vanilla, side] = [sides[0], sides[index]] as [(typeof sides)[0], (typeof sides)[0]]
      expect(vanilla.ledger.violations).toEqual([])
      expect(side.ledger.violations).toEqual([])
      expect(settled(side.ledger.records, 'slow')).toEqual(settled(vanilla.ledger.records, 'slow'))
      for (const where of ['users', 'text', 'deep', 'throw', 'slow']) {
        expect(
          side.ledger.records.some((r) => r.startsWith(`${where} `)),
          where
        ).toBe(true)
      }
    }
  )

  it.each(sides.slice(1).map((side, i) => [side.name, i + 1] as const))(
    "%s: every answer is vanilla's answer to the same request",
    (_name, index) => {
      const [vanilla, side] = [sides[0], sides[index]] as [(typeof sides)[0], (typeof sides)[0]]
      const kept = requests.flatMap((request, i) => (request.abortAfterMs === undefined ? [i] : []))
      expect(kept.length).toBeGreaterThan(requests.length * 0.8)
      expectSameAnswers(
        kept.map((i) => requests[i] as StressRequest),
        kept.map((i) => vanilla.answers[i] as Observed),
        kept.map((i) => side.answers[i] as Observed),
        side.name
      )
    }
  )
})
