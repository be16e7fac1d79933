/**
 * Pulya fails open on Express: each of its fault points, armed in turn, leaves every answer,
 * log line and handler call equal to vanilla's, is counted under its cause, and is warned once
 * per cause; errors of the app's own code stay the app's (never counted, never retried).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Express, NextFunction, Request, Response } from 'express'
import { pulya, warm, type PulyaExpressMiddleware } from '../../src/express/index.js'
import { armFault, type FaultPoint } from '../../src/core/fault-points.js'
import { fallbacksByCause, type FallbackCause } from '../../src/core/fallbacks.js'
import { expectFailsOpen, sameRun, warnedCauses } from './_fail-open.js'
import type { ExpressFactory } from '../helpers/hosts.js'
import {
  describeExpress,
  ERROR_PAGES,
  serveExpress,
  serveSides,
  sides,
  type DiffStep,
  type ServedSides
} from '../helpers/differential.js'

interface Counted {
  locals: { calls: number }
}

function build(express: ExpressFactory, middleware: PulyaExpressMiddleware | null): Express {
  const app = express()
  if (middleware !== null) app.use(middleware)
  app.locals['calls'] = 0
  const count = (): void => {
    ;(app as unknown as Counted).locals.calls++
  }
  // A rewrite after the plan was made: the gap sentinels splice the real stack in.
  app.use((req: Request, _res: Response, next: NextFunction) => {
    if (req.url === '/rewrite') req.url = '/r3/rewritten'
    next()
  })
  for (let i = 0; i < 12; i++) {
    app.get(`/r${i}/:id`, (req: Request, res: Response) => {
      count()
      res.send(`r${i} ${String(req.params['id'])}`)
    })
  }
  app.get('/json', (_req: Request, res: Response) => {
    count()
    res.json({ a: 1 })
  })
  app.get('/status', (_req: Request, res: Response) => {
    count()
    res.sendStatus(201)
  })
  app.get('/big', (_req: Request, res: Response) => {
    count()
    res.send('x'.repeat(2000))
  })
  app.param('pid', (_req: Request, _res: Response, next: NextFunction, value: string) => {
    count()
    if (value === 'bad') throw new Error('the param callback threw')
    next()
  })
  app.get('/p/:pid', (req: Request, res: Response) => {
    count()
    res.send(`p ${String(req.params['pid'])}`)
  })
  app.get('/throw', () => {
    count()
    throw new Error('the handler threw')
  })
  app.get('/teapot', (_req: Request, _res: Response, next: NextFunction) => {
    count()
    next(Object.assign(new Error('teapot'), { status: 418, headers: { 'X-Reason': 'tea' } }))
  })
  return app
}

const REQUESTS: DiffStep[] = [
  { method: 'GET', path: '/r3/7' },
  { method: 'GET', path: '/r3/7?again=1' },
  { method: 'GET', path: '/r11/x' },
  { method: 'GET', path: '/rewrite' },
  { method: 'GET', path: '/json' },
  { method: 'GET', path: '/status' },
  { method: 'GET', path: '/big' },
  { method: 'HEAD', path: '/big' },
  { method: 'GET', path: '/p/ok' },
  { method: 'GET', path: '/p/bad' },
  { method: 'GET', path: '/throw' },
  { method: 'GET', path: '/teapot' },
  { method: 'GET', path: '/missing' },
  { method: 'HEAD', path: '/missing/too' },
  { method: 'POST', path: '/r3/7' }
]

let late = 0
/**
 * A route added on every side first: the index is rebuilt and the caches start empty; its body
 * is new to every memo, so each run stores (an ETag) as well as looks up.
 */
function steps(): DiffStep[] {
  const path = `/late${late++}`
  return [
    {
      action: `add ${path}`,
      run: (app) => {
        app.get(path, (_req: Request, res: Response) => {
          res.send(`late ${path}`)
        })
      }
    },
    { method: 'GET', path },
    ...REQUESTS
  ]
}

/** Each point, and the cause its failure is counted under. */
const POINTS: ReadonlyArray<readonly [FaultPoint, FallbackCause]> = [
  ['index-build', 'router-dispatch'],
  ['route-index', 'router-dispatch'],
  ['route-cache-get', 'router-dispatch'],
  ['route-cache-set', 'router-dispatch'],
  ['walk-plan', 'router-dispatch'],
  ['gap-sentinel', 'gap-sentinel'],
  ['response-memo', 'response-memo'],
  ['final-page', 'final-handler'],
  ['etag-memo', 'etag-memo'],
  ['etag-memo-store', 'etag-memo'],
  ['monitor-admit', 'monitor'],
  ['monitor-record', 'monitor']
]

function observe(app: Express): string[] {
  return [`calls ${String((app as unknown as Counted).locals.calls)}`]
}

describeExpress('fails open', ({ express }) => {
  let served: ServedSides<Express>
  const middleware = pulya({ metrics: { register: false }, smallStack: 0 })

  beforeAll(async () => {
    served = await serveSides(
      sides(serveExpress, build(express, null), { pulya: build(express, middleware) })
    )
  })
  afterAll(async () => {
    armFault(null)
    await served.close()
  })

  const expectSameRun = sameRun(() => served, steps, REQUESTS, { ...ERROR_PAGES, observe })

  it("counts nothing when the app's own code throws (handler, param callback, next(err))", async () => {
    const before = middleware.stats().fallbacks
    await expectSameRun(1)
    await expectSameRun(8)
    expect(middleware.stats().fallbacks).toBe(before)
  })

  it.each(POINTS)('%s failing: every answer is vanilla’s, counted as %s', async (point, cause) => {
    await expectFailsOpen(point, cause, expectSameRun, () => middleware.stats().fallbacks)
  })
})

describeExpress('warm-up failing', ({ express }) => {
  it('ends the warm-up, counted; the routers keep Express’s own dispatch until a build succeeds', async () => {
    const middleware = pulya()
    const vanilla = build(express, null)
    const app = build(express, middleware)
    const before = fallbacksByCause()['index-build']
    armFault('index-build')
    try {
      warm(app)
    } finally {
      armFault(null)
    }
    expect(fallbacksByCause()['index-build']).toBe(before + 1)
    const served = await serveSides(sides(serveExpress, vanilla, { pulya: app }))
    try {
      const report = await served.run(steps(), { ...ERROR_PAGES, observe })
      expect(report.message).toBe('')
    } finally {
      await served.close()
    }
  })
})

describe('fallback warnings', () => {
  it('warns once per cause, with its code', () => {
    const counted = Object.entries(fallbacksByCause())
      .filter(([, count]) => count > 0)
      .map(([cause]) => cause)
    expect(warnedCauses()).toEqual(counted.sort())
    expect(counted).toHaveLength(new Set(POINTS.map(([, cause]) => cause)).size + 1)
  })
})
