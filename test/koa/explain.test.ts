/**
 * `pulya explain` for Koa apps: each router's index and why not, each response feature on or
 * why not — read from what pulya keeps, changing nothing (the same app explained twice gives
 * the same answer, and serves the same).
 */
import Router from '@koa/router'
import { afterAll, describe, expect, it } from 'vitest'
import { explainKoaApp } from '../../src/koa/explain.js'
import { Router as PulyaRouter, pulya, warm } from '../../src/koa/index.js'
import { KOA_HOSTS, type KoaClass } from '../helpers/hosts.js'
import { koaCopy, removeKoaCopies } from './responses/_koa-copy.js'

const [KOA2, KOA3] = KOA_HOSTS.map((host) => host.Koa) as [KoaClass, KoaClass]
afterAll(removeKoaCopies)

/** A router of `n` GET routes `/r0`…, and one RegExp path when `regexp`. */
function router(
  n: number,
  { regexp = false, prefix = '' }: { regexp?: boolean; prefix?: string } = {}
): Router {
  const r = new Router(prefix === '' ? {} : { prefix })
  for (let i = 0; i < n; i++)
    r.get(`/r${i}`, (ctx) => {
      ctx.body = i
    })
  if (regexp)
    r.get(/^\/legacy/, (ctx) => {
      ctx.body = 'legacy'
    })
  return r
}

/** A Koa app with pulya first and these routers, warmed as a running app is. */
function app(Koa: KoaClass, routers: Router[], options?: Parameters<typeof pulya>[0]): object {
  const koa = new Koa()
  koa.use(pulya(options))
  for (const r of routers) koa.use(r.routes())
  warm(koa)
  return koa
}

describe('explainKoaApp: routers', () => {
  it.each([
    [
      'indexed, with the layers it cannot read listed',
      app(KOA3, [router(8, { regexp: true, prefix: '/api' })]),
      {
        name: '@koa/router #1 (prefix /api)',
        layers: 9,
        accelerated: true,
        indexed: true,
        narrows: true,
        reason: null,
        unread: [{ position: 8, path: '/^\\/legacy/' }],
        unreadCount: 1
      }
    ],
    [
      'small: no more layers than smallStack',
      app(KOA3, [router(2)]),
      { layers: 2, accelerated: true, indexed: false, reason: { code: 'small', smallStack: 6 } }
    ],
    [
      'the cache off',
      app(KOA3, [router(8)], { cache: false }),
      { accelerated: true, indexed: false, reason: { code: 'cache-off' } }
    ]
  ])('%s', (_what, koa, expected) => {
    expect(explainKoaApp(koa).routers[0]).toMatchObject(expected)
  })

  it('a layer with a matcher of its own: not indexed, the layer named', () => {
    const r = router(8)
    Object.assign(r.stack[3] as object, { match: () => true })
    expect(explainKoaApp(app(KOA3, [r])).routers[0]?.reason).toEqual({
      code: 'unpure-layer',
      position: 3,
      path: '/r3'
    })
  })

  it("not met yet: pulya meets a Koa app's routers on its first request; no pulya: not installed", () => {
    const koa = new KOA3()
    koa.use(pulya())
    koa.use(router(8).routes())
    expect(explainKoaApp(koa)).toMatchObject({
      installed: true,
      routers: [{ accelerated: false, reason: { code: 'not-met' }, stats: null }]
    })
    const bare = new KOA3()
    bare.use(router(1).routes())
    expect(explainKoaApp(bare)).toMatchObject({
      installed: false,
      routers: [{ reason: { code: 'not-met' } }]
    })
  })

  it('met on a first request, its index built right after it: not built yet in between', async () => {
    const koa = new KOA3()
    const middleware = pulya()
    koa.use(middleware)
    koa.use(router(8).routes())
    await middleware({ app: koa }, () => Promise.resolve())
    expect(explainKoaApp(koa).routers[0]).toMatchObject({ accelerated: true, reason: { code: 'not-built' } })
  })

  it("pulya's own Router: named so, and counted; its index built once warmed", () => {
    const own = new PulyaRouter()
    for (let i = 0; i < 8; i++) own.get(`/p${i}`, () => undefined)
    expect(explainKoaApp(app(KOA3, [own as unknown as Router])).routers[0]).toMatchObject({
      name: "pulya's Router #1",
      indexed: true,
      stats: { routers: 1 }
    })
  })

  it('changes nothing: explained twice, the same answer', () => {
    const koa = app(KOA3, [router(8, { regexp: true })])
    expect(explainKoaApp(koa)).toEqual(explainKoaApp(koa))
  })
})

describe('explainKoaApp: host and response features', () => {
  it('Koa 3 known: the host found, every feature on', () => {
    const explanation = explainKoaApp(app(KOA3, []))
    expect(explanation.host).toMatchObject({ name: 'koa', version: expect.stringMatching(/^3\./) as string })
    expect(explanation.host.file).toMatch(/koa[\\/]lib[\\/]application\.js$/)
    expect(explanation.features.map((f) => [f.feature, f.on, f.reason])).toEqual([
      ['response.set and ctx.type', true, null],
      ['ctx.body = …', true, null],
      ['respond (the end of every request)', true, null]
    ])
  })

  it('Koa 2: response.set is direct already, so that one is not needed', () => {
    expect(explainKoaApp(app(KOA2, [])).features[0]?.reason).toEqual({
      code: 'not-needed',
      why: "Koa 2's response.set is direct already"
    })
  })

  it("the app's own members: pulya leaves them alone, and says which", () => {
    const koa = new KOA3()
    Object.defineProperty(koa.response, 'set', { value: () => undefined, writable: true, configurable: true })
    Object.defineProperty(koa.response, 'status', { value: 200, writable: true, configurable: true })
    Object.defineProperty(koa, 'handleRequest', {
      value: () => undefined,
      writable: true,
      configurable: true
    })
    koa.use(pulya())
    warm(koa)
    expect(explainKoaApp(koa).features.map((f) => f.reason)).toEqual([
      { code: 'app-own', member: 'set' },
      { code: 'app-own', member: 'status' },
      { code: 'app-own', member: 'handleRequest' }
    ])
  })

  it('a Koa whose sources pulya does not know: every feature off, the member, file and version named', () => {
    const copy = koaCopy((_file, text) =>
      text
        .replace('set (field, val) {', 'set (field, val) { // edited')
        .replace('set body (val) {', 'set body (val) { // edited')
        .replace('handleRequest (ctx, fnMiddleware) {', 'handleRequest (ctx, fnMiddleware) { // edited')
    )
    const explanation = explainKoaApp(app(copy.Koa, []))
    expect(explanation.features.map((f) => f.on)).toEqual([false, false, false])
    expect(explanation.features.map((f) => f.reason)).toEqual([
      {
        code: 'unknown-source',
        member: 'set',
        file: expect.stringMatching(/koa[\\/]lib[\\/]response\.js$/) as string,
        version: expect.stringMatching(/^3\./) as string
      },
      expect.objectContaining({ code: 'unknown-source', member: 'set body' }),
      expect.objectContaining({
        code: 'unknown-source',
        member: 'prototype.handleRequest',
        file: expect.stringMatching(/koa[\\/]lib[\\/]application\.js$/) as string
      })
    ])
  })

  it('a Koa whose type setter alone is new: that one named, the rest on', () => {
    const copy = koaCopy((file, text) =>
      file === 'response.js' ? text.replace('set type (type) {', 'set type (type) { // edited') : text
    )
    expect(explainKoaApp(app(copy.Koa, [])).features[0]?.reason).toMatchObject({
      code: 'unknown-source',
      member: 'set type'
    })
  })

  it.each([
    ['a response without a prototype', { middleware: [], response: Object.create(null) as object }],
    ['no response at all', { middleware: [] }]
  ])('%s: no host found, nothing installed, every feature off', (_what, odd) => {
    expect(explainKoaApp(odd).features.map((f) => f.on)).toEqual([false, false, false])
    expect(explainKoaApp(odd)).toMatchObject({
      host: { name: 'koa', version: null, file: null },
      installed: false,
      routers: []
    })
  })
})
