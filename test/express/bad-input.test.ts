/**
 * Bad input gets the same answer as vanilla Express, and caches stay bounded: floods of
 * unique URLs, 100 KB paths, percent garbage, prototype-named params, unknown methods.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Server } from 'node:http'
import type { Express, Request, Response } from 'express'
import { pulya, type PulyaExpressMiddleware } from '../../src/express/index.js'
import type { ExpressFactory } from '../helpers/hosts.js'
import {
  describeExpress,
  ERROR_PAGES,
  serveExpress,
  serveSides,
  sides,
  text,
  type DiffStep,
  type ServedSides,
  type StepResult
} from '../helpers/differential.js'
import { send } from '../helpers/raw-http.js'

function build(express: ExpressFactory, middleware: PulyaExpressMiddleware | null): Express {
  const app = express()
  if (middleware !== null) app.use(middleware)
  for (let i = 0; i < 30; i++) {
    app.get(`/r${i}/:id`, (req: Request, res: Response) => {
      res.json({ i, params: req.params, proto: Object.getPrototypeOf(req.params) === Object.prototype })
    })
  }
  app.get('/p/:__proto__/:constructor/:hasOwnProperty', (req: Request, res: Response) => {
    res.json({ keys: Object.keys(req.params), own: Object.getOwnPropertyNames(req.params) })
  })
  app.propfind('/dav/:file', (req: Request, res: Response) => {
    res.send(`propfind ${String(req.params['file'])}`)
  })
  return app
}

describeExpress('bad input', ({ express }) => {
  let served: ServedSides<Express>
  const middleware = pulya({ cache: { max: 100, maxKeyLength: 2048 } })

  beforeAll(async () => {
    served = await serveSides(
      sides(serveExpress, build(express, null), { pulya: build(express, middleware) })
    )
  })
  afterAll(async () => {
    await served.close()
  })

  const same = async (method: string, path: string): Promise<StepResult> => {
    const steps: DiffStep[] = [{ method, path }]
    const report = await served.run(steps, ERROR_PAGES)
    expect(report.message).toBe('')
    return report.results[0] as StepResult
  }

  it.each([
    ['GET', '/r3/%'],
    ['GET', '/r3/%ZZ'],
    ['GET', '/r3/%E0%A4%A'],
    ['GET', '/r3/%00'],
    ['GET', '/r3/a%2Fb'],
    ['GET', '/%%%/r3/x'],
    ['GET', '/r3/__proto__'],
    ['GET', '/r3/constructor'],
    ['GET', '/p/__proto__/constructor/hasOwnProperty'],
    ['GET', '/p/a/b/c'],
    ['PROPFIND', '/dav/x'],
    ['PROPFIND', '/r3/x'],
    ['MKCOL', '/r3/x'],
    ['OPTIONS', '/r3/x'],
    ['HEAD', '/r3/x'],
    ['GET', '/r3/x?%ZZ=%&a[__proto__]=1'],
    ['GET', '/R3/X/']
  ])('%s %s', async (method, path) => {
    await same(method, path)
  })

  it('answers a 100 KB path like vanilla', async () => {
    const long = `/r3/${'a'.repeat(100 * 1024)}`
    expect((await same('GET', long)).vanilla.status).toBe(200)
    expect((await same('GET', `/nope/${'%'.repeat(100 * 1024)}`)).vanilla.status).toBe(404)
  })

  it('keeps the cache bounded under a flood of unique URLs', async () => {
    const before = middleware.stats()
    const total = 3000
    for (let sent = 0; sent < total; sent += 30) {
      await Promise.all(
        Array.from({ length: 30 }, (_, k) =>
          send(served.servers[1] as Server, 'GET', `/r${(sent + k) % 30}/u${String(sent + k)}`)
        )
      )
    }
    const after = middleware.stats()
    expect(after.misses - before.misses).toBe(total)
    // One router, at most `max` entries: everything beyond was evicted as it came.
    expect(after.evictions - before.evictions).toBeGreaterThanOrEqual(total - 100)
    const spot = await same('GET', '/r7/u2997')
    expect(JSON.parse(text(spot))).toMatchObject({ i: 7, params: { id: 'u2997' } })
  })
})
