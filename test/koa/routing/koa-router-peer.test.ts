/**
 * src/koa/routing/koa-router-peer.ts: loading `@koa/router` never throws; what failed is kept for
 * pulya's Router to explain when it is used (router.test.ts).
 */
import { describe, expect, it } from 'vitest'
import KoaRouter from '@koa/router'
import { koaRouterPeer, loadPeer } from '../../../src/koa/routing/koa-router-peer.js'

describe('loadPeer', () => {
  it('gives what it loaded', async () => {
    const loaded = { default: KoaRouter }
    expect(await loadPeer(() => Promise.resolve(loaded))).toEqual({ loaded, failure: undefined })
  })

  it('keeps why it could not, instead of throwing', async () => {
    const failure = new Error('Cannot find module')
    expect(await loadPeer(() => Promise.reject(failure))).toEqual({ loaded: undefined, failure })
  })

  it('loaded the installed @koa/router when pulya was imported: the class an app imports', () => {
    expect(koaRouterPeer.failure).toBeUndefined()
    expect((koaRouterPeer.loaded as { default?: unknown }).default).toBe(KoaRouter)
  })
})
