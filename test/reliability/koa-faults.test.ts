/**
 * Faults of the app's own making, on Koa 2 and 3 with @koa/router, vanilla next to pulya, one
 * request at a time and eight in flight: a handler that throws or rejects later, a body stream
 * that fails mid-body, `ctx.req.destroy()`, a response ended by hand, an APM hook around
 * `res.end` that throws. Answers and the events of every request and response (in order) are
 * vanilla's, the app's 'error' events too, and both servers keep answering.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Readable } from 'node:stream'
import KoaRouter from '@koa/router'
import type Koa from 'koa'
import { pulya } from '../../src/koa/index.js'
import { fallbackTotal } from '../../src/core/fallbacks.js'
import type { KoaClass } from '../helpers/hosts.js'
import {
  describeKoa,
  serveKoa,
  serveSides,
  sides,
  type DiffStep,
  type ServedSides
} from '../helpers/differential.js'
import { endThrowsOnce, EventLog, expectSameEvents } from './_events.js'

function build(Koa: KoaClass, withPulya: boolean, events: EventLog, errors: string[]): Koa {
  const app = new Koa()
  app.on('error', (error: Error) => {
    errors.push(error.message)
  })
  if (withPulya) app.use(pulya())
  app.use((ctx, next) => {
    events.watch(ctx.req, ctx.res)
    return next()
  })
  const router = new KoaRouter()
  for (let i = 0; i < 10; i++) {
    router.get(`/r${i}/:id`, (ctx) => {
      ctx.body = `r${i} ${String(ctx.params['id'])}`
    })
  }
  router.get('/throw', () => {
    throw new Error('thrown synchronously')
  })
  router.get('/reject', async () => {
    await new Promise((resolve) => setImmediate(resolve))
    throw new Error('rejected later')
  })
  router.get('/stream-error', (ctx) => {
    const body = new Readable({ read() {} })
    body.push('part of the body ')
    setImmediate(() => body.destroy(new Error('the stream failed')))
    ctx.type = 'text'
    ctx.body = body
  })
  router.get('/destroy', (ctx) => {
    ctx.req.destroy()
  })
  router.get('/end-by-hand', (ctx) => {
    ctx.res.end('ended by hand')
  })
  router.get('/agent-end-throws', (ctx) => {
    endThrowsOnce(ctx.res)
    ctx.body = 'never sent this way'
  })
  app.use(router.routes()).use(router.allowedMethods())
  return app
}

describeKoa('faults of the app', ({ Koa }) => {
  const vanillaEvents = new EventLog()
  const pulyaEvents = new EventLog()
  const vanillaErrors: string[] = []
  const pulyaErrors: string[] = []
  let served: ServedSides<Koa>

  beforeAll(async () => {
    served = await serveSides(
      sides(serveKoa, build(Koa, false, vanillaEvents, vanillaErrors), {
        pulya: build(Koa, true, pulyaEvents, pulyaErrors)
      })
    )
  })
  afterAll(async () => {
    await served.close()
  })

  const requests: DiffStep<Koa>[] = [
    '/throw',
    '/reject',
    '/stream-error',
    '/destroy',
    '/end-by-hand',
    '/agent-end-throws',
    '/missing'
  ].flatMap((path) => [
    { method: 'GET', path },
    // The server still answers on a new connection after each fault.
    { method: 'GET', path: '/r4/after' }
  ])

  it('answers, events and app errors as vanilla, one request at a time', async () => {
    const before = fallbackTotal()
    // Koa 2 never ends a response whose body stream failed after the head: both sides time out.
    const report = await served.run(requests, { timeoutMs: 2000 })
    expect(report.message).toBe('')
    await expectSameEvents(vanillaEvents, pulyaEvents)
    expect(pulyaErrors).toEqual(vanillaErrors)
    expect(fallbackTotal()).toBe(before)
  })

  // Faults that close their connection are left out of the flood: which request a keep-alive
  // socket carries next is the client's timing, not the app's, and differs between two servers.
  const flood = requests.filter(
    (step) => !['/stream-error', '/destroy'].includes((step as { path: string }).path)
  )

  it('answers, events and app errors as vanilla, eight in flight', async () => {
    const report = await served.run([...flood, ...flood, ...flood], { concurrency: 8 })
    expect(report.message).toBe('')
    await expectSameEvents(vanillaEvents, pulyaEvents)
    expect([...pulyaErrors].sort()).toEqual([...vanillaErrors].sort())
  })
})
