/**
 * Pulya's dispatch behind each Express router: each case builds the same app vanilla and with
 * pulya and compares the responses; then the internals (cache, stats, verify) are checked directly.
 */
import { expect, it, vi } from 'vitest'
import request from 'supertest'
import type { NextFunction, Request, Response } from 'express'
import { pulya, warm } from '../../../src/express/index.js'
import {
  describeExpress,
  ERROR_PAGES,
  EXPRESS_ENTRIES,
  expectSame,
  gets,
  serveExpress,
  sides
} from '../../helpers/differential.js'
import { same, table } from '../_same.js'

describeExpress('routing', ({ name, express }) => {
  it.each(EXPRESS_ENTRIES)(
    'serves a large table, nested routers and misses like vanilla (from $entry)',
    async ({ pulya: entry }) => {
      await same(
        express,
        (ex, app) => {
          table(app, 40)
          const api = ex.Router()
          table(api, 20, '/items')
          api.use((req: Request, res: Response) => {
            res.json({ fallthrough: req.url, base: req.baseUrl })
          })
          app.use('/api', api)
          app.use('/again', api)
          app.get('/', (_req: Request, res: Response) => {
            res.send('root')
          })
        },
        gets(
          '/r3/a',
          '/r3/a',
          '/r39/b?x=1',
          '/R7/c',
          '/api/items4/z',
          '/again/items19/y',
          '/api/nothing',
          '/',
          '/nope',
          '/r3/%ZZ',
          '/r3/a/',
          '//r3/a'
        ),
        (app) => {
          app.use(entry() as never)
        }
      )
    }
  )

  it('follows a middleware that rewrites req.url mid-chain', async () => {
    await same(
      express,
      (_ex, app) => {
        table(app, 10)
        app.use((req: Request, _res: Response, next: NextFunction) => {
          if (req.url.startsWith('/old/')) req.url = '/new/' + req.url.slice(5)
          next()
        })
        table(app, 10, '/new/r')
        app.use((req: Request, res: Response) => {
          res.status(404).send(`no ${req.url}`)
        })
      },
      gets('/old/r3/x', '/old/r3/x', '/new/r2/y', '/old/zz')
    )
  })

  it('sees routes added while serving, stacks spliced directly, and sub-apps', async () => {
    const vanilla = express()
    const accelerated = express()
    accelerated.use(pulya())
    const sub = express()
    sub.get('/hello/:who', (req: Request, res: Response) => {
      res.json({
        who: req.params['who'],
        base: req.baseUrl,
        mount: (req.app as unknown as { mountpath: string }).mountpath
      })
    })
    const sub2 = express()
    sub2.get('/hello/:who', (req: Request, res: Response) => {
      res.json({ who: req.params['who'], base: req.baseUrl })
    })
    for (const app of [vanilla, accelerated]) {
      table(app, 10)
      app.use('/sub', sub)
      app.use('/sub2', sub2)
    }
    await expectSame(
      sides(serveExpress, vanilla, { pulya: accelerated }),
      [
        ...gets('/late/x', '/sub/hello/ann', '/sub2/hello/bob'),
        {
          action: 'a route added while serving',
          run: (app) => {
            app.get('/late/:id', (req: Request, res: Response) => {
              res.send(`late ${String(req.params['id'])}`)
            })
          }
        },
        ...gets('/late/x'),
        {
          action: 'a layer spliced out of the stack',
          run: (app) => {
            const stack = app as unknown as { _router?: { stack: unknown[] }; router: { stack: unknown[] } }
            const router = name === 'express@4' ? stack._router : stack.router
            router?.stack.splice(name === 'express@4' ? 5 : 3, 1)
          }
        },
        ...gets('/r3/x', '/late/x')
      ],
      ERROR_PAGES
    )
  })

  it('answers absolute-form and long URLs, caches boundedly and counts', async () => {
    const middleware = pulya({ cache: { max: 4, maxKeyLength: 64 } })
    const app = express()
    app.use(middleware)
    // Twice the default smallStack (6, README): a router pulya accelerates.
    table(app, 12)
    warm(app)
    for (let i = 0; i < 10; i++) await request(app).get(`/r1/${i}`).expect(200)
    await request(app).get('/r1/0').expect(200)
    await request(app)
      .get(`/r1/${'x'.repeat(100)}`)
      .expect(200)
    const stats = middleware.stats()
    expect(stats.routers).toBe(1)
    expect(stats.misses).toBe(11)
    expect(stats.evictions).toBe(7)
    expect(stats.skipped).toBe(1)
    await request(app).get('/r1/9').expect(200)
    expect(middleware.stats().hits).toBe(1)
    expect(pulya().stats()).toEqual({
      routers: 0,
      hits: 0,
      misses: 0,
      evictions: 0,
      skipped: 0,
      verified: 0,
      mismatches: 0,
      fallbacks: 0
    })
  })

  it('works without a cache, and with only catch-all layers', async () => {
    await same(
      express,
      (_ex, app) => {
        table(app, 10)
      },
      gets('/r4/a', '/r4/a', '/zz'),
      (app) => {
        app.use(pulya({ cache: false }))
      }
    )
    await same(
      express,
      (_ex, app) => {
        for (let i = 0; i < 10; i++)
          app.use((_req: Request, _res: Response, next: NextFunction) => {
            next()
          })
        app.get('/only', (_req: Request, res: Response) => {
          res.send('only')
        })
        app.use((req: Request, res: Response) => {
          res.send(req.url)
        })
      },
      gets('/a', '/a', '/only', '/only')
    )
    const uncached = pulya({ cache: false })
    const app = express()
    app.use(uncached)
    table(app, 10)
    await request(app).get('/r1/x').expect(200)
    expect(uncached.stats()).toMatchObject({ routers: 1, hits: 0, misses: 0 })
  })

  it('verify mode: serves by Express when the index is wrong, and says so once', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    try {
      const middleware = pulya({ verify: true })
      const app = express()
      app.use(middleware)
      table(app, 10)
      await request(app).get('/r2/a').expect(200)
      // Mutate a layer behind the index's back: its pattern now admits another path.
      const router = app as unknown as {
        _router?: { stack: Array<Record<string, unknown>> }
        router: { stack: Array<Record<string, unknown>> }
      }
      const stack = (name === 'express@4' ? router._router : router.router)?.stack ?? []
      const target = stack.find(
        (layer) => (layer['route'] as { path?: string } | undefined)?.path === '/r5/:id'
      ) as Record<string, unknown>
      const donor = express.Router()
      donor.get('/moved/:id', (_req: Request, res: Response) => {
        res.send('moved')
      })
      const donorLayer = (donor as unknown as { stack: Array<Record<string, unknown>> }).stack[0] as Record<
        string,
        unknown
      >
      if (name === 'express@4') target['regexp'] = donorLayer['regexp']
      else target['matchers'] = donorLayer['matchers']
      await request(app).get('/moved/1').expect(200)
      await request(app).get('/moved/2').expect(200)
      await request(app).get('/moved/%ZZ').expect(400)
      expect(middleware.stats().mismatches).toBe(3)
      expect(warn).toHaveBeenCalledTimes(1)
      const sampledApp = express()
      const sampled = pulya({ verify: 0.5 })
      sampledApp.use(sampled)
      table(sampledApp, 10)
      for (let i = 0; i < 4; i++) await request(sampledApp).get(`/r1/${i}`).expect(200)
      expect(sampled.stats().verified).toBe(2)
    } finally {
      warn.mockRestore()
    }
  })
})
