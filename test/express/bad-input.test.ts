/**
 * Bad input gets the same answer as vanilla Express, and caches stay bounded: floods of
 * unique URLs, 100 KB paths, percent garbage, prototype-named params, unknown methods.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { Express, Request, Response } from 'express'
import { pulya, type PulyaExpressMiddleware } from '../../src/express/index.js'
import { EXPRESS_HOSTS, type ExpressFactory } from '../helpers/hosts.js'
import { send as sendRaw, type Answer } from '../helpers/raw-http.js'

/** Development error pages print a stack, where pulya adds a frame: keep its first line. */
async function send(server: Server, method: string, path: string): Promise<Answer> {
  const answer = await sendRaw(server, method, path)
  const body = answer.body.replace(/<pre>([^<]*)<br>[^]*?<\/pre>/, '<pre>$1</pre>')
  if (body !== answer.body) delete answer.headers['content-length']
  return { ...answer, body }
}

function listen(app: Express): Promise<Server> {
  // Node's default 16 KB header limit would answer 431 before Express sees a 100 KB path.
  const server = createServer({ maxHeaderSize: 256 * 1024 }, app)
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => { resolve(server) }))
}

function build(express: ExpressFactory, middleware: PulyaExpressMiddleware | null): Express {
  const app = express()
  if (middleware !== null) app.use(middleware)
  for (let i = 0; i < 30; i++) {
    app.get(`/r${i}/:id`, (req: Request, res: Response) => { res.json({ i, params: req.params, proto: Object.getPrototypeOf(req.params) === Object.prototype }) })
  }
  app.get('/p/:__proto__/:constructor/:hasOwnProperty', (req: Request, res: Response) => { res.json({ keys: Object.keys(req.params), own: Object.getOwnPropertyNames(req.params) }) })
  app.propfind('/dav/:file', (req: Request, res: Response) => { res.send(`propfind ${String(req.params['file'])}`) })
  return app
}

describe.each(EXPRESS_HOSTS)('$name bad input', ({ express }) => {
  let vanilla: Server
  let accelerated: Server
  const middleware = pulya({ cache: { max: 100, maxKeyLength: 2048 } })

  beforeAll(async () => {
    vanilla = await listen(build(express, null))
    accelerated = await listen(build(express, middleware))
  })
  afterAll(() => {
    vanilla.close()
    accelerated.close()
  })

  const same = async (method: string, path: string): Promise<Answer> => {
    const expected = await send(vanilla, method, path)
    expect(await send(accelerated, method, path), `${method} ${path.slice(0, 80)}`).toEqual(expected)
    return expected
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
    expect((await same('GET', long)).status).toBe(200)
    expect((await same('GET', `/nope/${'%'.repeat(100 * 1024)}`)).status).toBe(404)
  })

  it('keeps the cache bounded under a flood of unique URLs', async () => {
    const before = middleware.stats()
    const total = 3000
    for (let sent = 0; sent < total; sent += 30) {
      await Promise.all(Array.from({ length: 30 }, (_, k) => send(accelerated, 'GET', `/r${(sent + k) % 30}/u${String(sent + k)}`)))
    }
    const after = middleware.stats()
    expect(after.misses - before.misses).toBe(total)
    // One router, at most `max` entries: everything beyond was evicted as it came.
    expect(after.evictions - before.evictions).toBeGreaterThanOrEqual(total - 100)
    const spot = await same('GET', '/r7/u2997')
    expect(JSON.parse(spot.body)).toMatchObject({ i: 7, params: { id: 'u2997' } })
  })
})
