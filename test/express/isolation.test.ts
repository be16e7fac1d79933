/**
 * No state leaks between requests: thousands of requests in flight at once, with random async
 * delays, thrown and passed errors, late `next()` calls after the response, path rewrites,
 * 404s and client aborts. Each request carries its id in a header and in its query; every handler
 * checks that what it sees (params, route, baseUrl, originalUrl, locals) belongs to that id, and
 * every answer is compared with vanilla Express's answer to the same request.
 *
 * pulya's shared state under test: the route cache and index, the ETag memo (bodies repeat
 * across requests), the final handler's page table, the response tables, and the per-request
 * layer list Express's `next` keeps walking after the response.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Server } from 'node:http'
import type { Express, NextFunction, Request, Response } from 'express'
import { pulya, createServer } from '../../src/express/index.js'
import { EXPRESS_HOSTS, type ExpressFactory } from '../helpers/hosts.js'
import { envInteger } from '../helpers/env.js'
import {
  groupOf,
  schedule,
  settled,
  stress,
  type RequestKind,
  type StressRequest
} from '../helpers/stress.js'
import { eventually } from '../helpers/eventually.js'
import { expectSameAnswers } from '../helpers/differential.js'
import type { Observed } from '../../compat/differential.js'

const REQUESTS = envInteger('PULYA_STRESS_REQUESTS', 3000)
const SOCKETS = 400
const SEED = envInteger('PULYA_STRESS_SEED', 20261127)

/** What the server side saw: one record per handler run, and every mismatch. */
class Ledger {
  readonly records: string[] = []
  readonly violations: string[] = []
  /** Slow handlers entered: a request the client cut may never have reached the server. */
  started = 0

  check(req: Request, res: Response, where: string): number {
    const id = Number(req.get('x-id'))
    const params = req.params as Record<string, string | undefined>
    const locals = res.locals as { id?: number }
    const tag = (req as unknown as { tag?: number }).tag
    if (params['id'] !== undefined && params['id'] !== groupOf(id))
      this.violations.push(`${where} ${id}: params.id ${params['id']}`)
    if (locals.id !== id) this.violations.push(`${where} ${id}: res.locals.id ${String(locals.id)}`)
    if (tag !== id) this.violations.push(`${where} ${id}: req.tag ${String(tag)}`)
    if (!req.originalUrl.endsWith(`n=${id}`))
      this.violations.push(`${where} ${id}: originalUrl ${req.originalUrl}`)
    this.records.push(`${where} ${id}`)
    return id
  }
}

/** A delay that depends only on the request, so vanilla and pulya see the same shapes of timing. */
function later(id: number, fn: () => void): void {
  const ms = id % 4
  if (ms === 0) setImmediate(fn)
  else setTimeout(fn, ms)
}

const ERROR_STATUSES = [400, 401, 403, 409, 422, 500, 503]
const SEND_STATUSES = [200, 201, 204, 404, 418, 500]

function build(express: ExpressFactory, withPulya: boolean, ledger: Ledger): Express {
  const app = express()
  if (withPulya) app.use(pulya({ cache: { max: 64 } }))
  app.set('env', 'production')
  app.use((req: Request, res: Response, next: NextFunction) => {
    const id = Number(req.get('x-id'))
    ;(req as unknown as { tag: number }).tag = id
    res.locals['id'] = id
    // A rewrite half-way through the stack: the layers after it must be walked for the new path.
    if (req.url.startsWith('/old/')) req.url = `/new/${req.url.slice(5)}`
    next()
  })
  for (let i = 0; i < 40; i++)
    app.get(`/filler${i}/:id`, (_req: Request, res: Response) => {
      res.send(`filler ${i}`)
    })
  app.get('/users/:id/items/:item', (req: Request, res: Response) => {
    later(Number(req.params['id']), () => {
      ledger.check(req, res, 'users')
      res.json({
        params: req.params,
        route: (req.route as { path: string }).path,
        baseUrl: req.baseUrl,
        originalUrl: req.originalUrl
      })
    })
  })
  const api = express.Router()
  api.get('/text/:id', (req: Request, res: Response) => {
    const id = ledger.check(req, res, 'text')
    // Five bodies shared by every request: the ETag memo answers most of them.
    later(id, () => {
      res.send(`hello ${id % 5} from ${req.baseUrl}`)
    })
  })
  api.get('/status/:id', (req: Request, res: Response) => {
    const id = ledger.check(req, res, 'status')
    res.sendStatus(SEND_STATUSES[id % SEND_STATUSES.length] as number)
  })
  app.use('/api/v1', api)
  app.get('/throw/:id', (req: Request, res: Response) => {
    const id = ledger.check(req, res, 'throw')
    throw Object.assign(new Error(`boom ${id}`), { status: ERROR_STATUSES[id % ERROR_STATUSES.length] })
  })
  app.get('/next-error/:id', (req: Request, res: Response, next: NextFunction) => {
    const id = ledger.check(req, res, 'next-error')
    later(id, () => {
      next(
        Object.assign(new Error(`passed ${id}`), {
          statusCode: ERROR_STATUSES[(id + 3) % ERROR_STATUSES.length],
          expose: true
        })
      )
    })
  })
  app.get('/late/:id', (req: Request, res: Response, next: NextFunction) => {
    const id = ledger.check(req, res, 'late')
    res.send(`late ${id}`)
    // next() after the response: Express walks on with this request's own layers.
    later(id + 1, () => {
      next()
    })
  })
  app.get('/slow/:id', (req: Request, res: Response) => {
    ledger.started++
    setTimeout(() => {
      ledger.check(req, res, 'slow')
      res.send(`slow ${String(req.params['id'])}`)
    }, 15)
  })
  app.get('/new/:id', (req: Request, res: Response) => {
    ledger.check(req, res, 'new')
    res.json({ url: req.url, originalUrl: req.originalUrl, route: (req.route as { path: string }).path })
  })
  app.use('/late/:id', (req: Request, res: Response) => {
    // Reached only through the late next(): record it, answer nothing (the response is sent).
    ledger.check(req, res, 'after-late')
  })
  app.use(
    (
      err: Error & { status?: number; statusCode?: number },
      req: Request,
      res: Response,
      next: NextFunction
    ) => {
      const id = ledger.check(req, res, 'error-handler')
      // Half the errors reach Express's final handler, half get an answer here.
      if (id % 2 === 0) {
        next(err)
        return
      }
      res.status(err.status ?? err.statusCode ?? 500).json({ message: err.message, id })
    }
  )
  return app
}

/** Every kind of request; `schedule` draws among them and adds each request's `n`. */
const KINDS: RequestKind[] = [
  (g) => ({ method: 'GET', path: `/users/${g}/items/${g * 3}?q=${g}` }),
  (g) => ({ method: 'GET', path: `/api/v1/text/${g}` }),
  (g) => ({ method: 'HEAD', path: `/api/v1/text/${g}` }),
  (g) => ({ method: 'GET', path: `/api/v1/status/${g}` }),
  (g) => ({ method: 'GET', path: `/throw/${g}` }),
  (g) => ({ method: 'GET', path: `/next-error/${g}` }),
  (g) => ({ method: 'GET', path: `/late/${g}` }),
  (g) => ({ method: 'GET', path: `/missing/${g}/<${g}>` }),
  (g) => ({ method: 'GET', path: `/old/${g}?from=old` }),
  (g) => ({ method: 'GET', path: `/slow/${g}`, abortAfterMs: 3 })
]

function serve(app: Express, withPulya: boolean): Promise<Server> {
  return new Promise((resolve) => {
    // pulya's own server (request/response classes with the app's prototypes) for the pulya app.
    const server = withPulya
      ? createServer(app)
      : app.listen(0, '127.0.0.1', () => {
          resolve(server)
        })
    if (withPulya)
      server.listen(0, '127.0.0.1', () => {
        resolve(server)
      })
  })
}

describe.each(EXPRESS_HOSTS)('$name: requests in flight at once see only their own state', ({ express }) => {
  const requests = schedule(REQUESTS, SEED, KINDS)
  const expected = {
    ledger: new Ledger(),
    answers: [] as Awaited<ReturnType<typeof stress>>,
    logged: [] as string[]
  }
  const actual = {
    ledger: new Ledger(),
    answers: [] as Awaited<ReturnType<typeof stress>>,
    logged: [] as string[]
  }
  const servers: Server[] = []

  beforeAll(async () => {
    for (const [side, withPulya] of [
      [expected, false],
      [actual, true]
    ] as const) {
      // Express's final handler logs each error it answers (env is not 'test'): the same ones, once each.
      const log = vi.spyOn(console, 'error').mockImplementation((line: unknown) => {
        side.logged.push(String(line).split('\n')[0] as string)
      })
      try {
        const server = await serve(build(express, withPulya, side.ledger), withPulya)
        servers.push(server)
        side.answers = await stress(server, requests, SOCKETS)
        // Aborted requests finish on the server after the client has gone.
        await eventually(
          () => side.ledger.records.filter((r) => r.startsWith('slow ')).length === side.ledger.started,
          5000
        )
        await eventually(
          () =>
            side.ledger.records.filter((r) => r.startsWith('after-late ')).length ===
            side.ledger.records.filter((r) => r.startsWith('late ')).length,
          5000
        )
        // The final handler logs on setImmediate after the response.
        await new Promise((resolve) => setImmediate(resolve))
      } finally {
        log.mockRestore()
      }
    }
  }, 60_000)
  afterAll(() => {
    for (const server of servers) server.close()
  })

  it('every handler saw its own request, with pulya as without', () => {
    expect(expected.ledger.violations).toEqual([])
    expect(actual.ledger.violations).toEqual([])
    expect(settled(actual.ledger.records, 'slow')).toEqual(settled(expected.ledger.records, 'slow'))
  })

  it.each([
    'users',
    'text',
    'status',
    'throw',
    'next-error',
    'late',
    'after-late',
    'slow',
    'new',
    'error-handler'
  ])('the schedule really exercised the %s path', (where) => {
    expect(actual.ledger.records.some((r) => r.startsWith(`${where} `))).toBe(true)
  })

  it("Express's final handler logged the same errors", () => {
    expect(actual.logged.length).toBeGreaterThan(0)
    expect([...actual.logged].sort()).toEqual([...expected.logged].sort())
  })

  it("every answer is vanilla's answer to the same request", () => {
    expect(actual.answers.length).toBe(requests.length)
    const kept = requests.flatMap((request, i) => (request.abortAfterMs === undefined ? [i] : []))
    expect(kept.length).toBeGreaterThan(requests.length * 0.8)
    expectSameAnswers(
      kept.map((i) => requests[i] as StressRequest),
      kept.map((i) => expected.answers[i] as Observed),
      kept.map((i) => actual.answers[i] as Observed),
      'pulya'
    )
  })
})
