/**
 * The app's own router: accelerated when Express creates it, and the router `app.use(pulya())`
 * creates kept only until the app's code reaches for its own, so settings changed afterwards
 * still take effect as vanilla freezes them.
 */
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import request from 'supertest'
import type { Express, NextFunction, Request, Response } from 'express'
import { accelerate, pulya } from '../../../src/express/index.js'
import { pulya as universal } from '../../../src/index.js'
import { takeMountedRouter } from '../../../src/express/install/app-router.js'
import { describeExpress, gets } from '../../helpers/differential.js'
import { EXPRESS_HOSTS } from '../../helpers/hosts.js'
import { same, table, type Build } from '../_same.js'

/** Strict, case-sensitive routes, then `case sensitive routing` turned off again. */
const strictAndSensitive: Build = (_ex, app) => {
  app.set('case sensitive routing', true)
  app.set('strict routing', true)
  table(app, 10)
  app.get('/Case/', (_req: Request, res: Response) => {
    res.send('strict and sensitive')
  })
  app.set('case sensitive routing', false)
}

interface Routed {
  _router?: { stack: unknown[] }
  router?: { stack: unknown[] }
  handle: unknown
}

describeExpress('the app router', ({ name, express }) => {
  it('keeps settings changed after app.use(pulya()) working, as vanilla freezes them', async () => {
    const answers = await same(
      express,
      strictAndSensitive,
      gets('/Case/', '/case/', '/Case', '/r1/x', '/R1/x')
    )
    expect(answers[1]?.vanilla.status).toBe(404)
  })

  it.each([
    [
      'app.use(pulya()) from the root entry',
      (app: Express) => {
        app.use(universal())
      }
    ],
    [
      'accelerate(app)',
      (app: Express) => {
        accelerate(app)
      }
    ]
  ])('keeps them working when installed by %s', async (_name, install) => {
    await same(express, strictAndSensitive, gets('/Case/', '/case/', '/Case'), install)
  })

  it('keeps a router born before pulya, with its param callbacks', async () => {
    await same(
      express,
      (_ex, app) => {
        app.param('id', (req: Request, _res: Response, next: NextFunction, id: string) => {
          ;(req as unknown as { seen: string }).seen = id
          next()
        })
        table(app, 10)
      },
      gets('/r2/x', '/r9/y')
    )
  })

  it('keeps routes registered before pulya', async () => {
    await same(
      express,
      (_ex, app) => {
        table(app, 10)
      },
      gets('/r2/x'),
      (app) => {
        app.get('/first', (_req: Request, res: Response) => {
          res.send('first')
        })
        app.use(pulya())
      }
    )
  })

  it('shows the router born in app.use(pulya()) to code that reads it right after, then lets it go', async () => {
    const app = express()
    const routed = app as unknown as Routed
    app.use(pulya())
    if (name === 'express@4') {
      // Express's own two layers; pulya's is gone already.
      expect(routed._router?.stack).toHaveLength(2)
      const handle = routed.handle
      await request(app).get('/nothing').expect(404)
      // An app that never added a route has none, as without pulya, and its handle is unwrapped.
      expect(routed._router).toBeUndefined()
      expect(routed.handle).not.toBe(handle)
      const after = routed.handle
      await request(app).get('/nothing').expect(404)
      expect(routed.handle).toBe(after)
    } else {
      // Reaching for the router takes pulya's layer out and the settings of that moment in.
      app.set('strict routing', true)
      const router = routed.router as { stack: unknown[]; strict?: unknown }
      expect(router.stack).toHaveLength(0)
      expect(router.strict).toBe(true)
      expect(routed.router).toBe(router)
    }
  })
})

describe.each(EXPRESS_HOSTS)('$name: takeMountedRouter', ({ name, express }) => {
  it('finds no provisional router when the app had its router, with a route, before pulya', () => {
    const app = express()
    app.get('/x', (_req: Request, res: Response) => {
      res.send('x')
    })
    const router = (app as unknown as Routed)._router ?? (app as unknown as Routed).router
    // What Express's app.use does before it emits `mount`: pulya's layer is the last one.
    ;(router?.stack as unknown[]).push({ name: 'mounted_app', handle: () => undefined })
    expect(takeMountedRouter(app as never)).toBeNull()
    // Express 4: query, expressInit and the route; Express 5: the route.
    expect(router?.stack).toHaveLength(name === 'express@4' ? 3 : 1)
  })
})

describe('Express 4: the provisional router and V8', () => {
  // From Node 22 on, V8 makes an object a dictionary on any delete (Node 20 stepped back a shape
  // for the last-added property). The provisional router goes at the app's first route or first
  // request, and Express 4 reads the app's properties on every request: they stay as fast as
  // without pulya. One app per process: even vanilla Express's second app is a dictionary.
  const fastProperties = (withPulya: boolean, routes: boolean): string => {
    const script = `
      import { createRequire } from 'node:module'
      const { pulya } = await import(${JSON.stringify(new URL('../../../src/express/index.ts', import.meta.url).href)})
      const express = createRequire(${JSON.stringify(import.meta.url)})('express4')
      const app = express()
      if (${withPulya}) app.use(pulya())
      if (${routes}) app.get('/x', (req, res) => res.send('x'))
      const server = app.listen(0, '127.0.0.1')
      await new Promise((resolve) => server.once('listening', resolve))
      const status = (await fetch('http://127.0.0.1:' + server.address().port + '/')).status
      server.close()
      console.log([%HasFastProperties(app), app._router === undefined, status].join(' '))
    `
    return execFileSync(
      process.execPath,
      ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8' }
    ).trim()
  }

  it.each([
    ['with a route', true, 'true false 404'],
    ['with no route', false, 'true true 404']
  ])("keeps the app's properties fast when the provisional router goes (%s)", (_name, routes, vanilla) => {
    expect(fastProperties(false, routes)).toBe(vanilla)
    expect(fastProperties(true, routes)).toBe(vanilla)
  })
})
