/**
 * Faults of the app's own making, on Express 4 and 5, vanilla next to pulya, one request at a
 * time and eight in flight: handlers that throw, reject, call `next(err)` twice, end twice,
 * write after the end, a stream that fails mid-body, `res.destroy()`, an APM hook around
 * `res.end` that throws. Answers, logs and the events of every request and response (in order)
 * are vanilla's, and both servers keep answering.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Readable, pipeline } from 'node:stream'
import type { Express, NextFunction, Request, Response } from 'express'
import { pulya } from '../../src/express/index.js'
import { fallbackTotal } from '../../src/core/fallbacks.js'
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
import { endThrowsOnce, EventLog, expectSameEvents } from './_events.js'

function build(express: ExpressFactory, major: 4 | 5, withPulya: boolean, events: EventLog): Express {
  const app = express()
  if (withPulya) app.use(pulya())
  app.use((req: Request, res: Response, next: NextFunction) => {
    events.watch(req, res)
    next()
  })
  for (let i = 0; i < 10; i++) {
    app.get(`/r${i}/:id`, (req: Request, res: Response) => {
      res.send(`r${i} ${String(req.params['id'])}`)
    })
  }
  app.get('/throw', () => {
    throw new Error('thrown synchronously')
  })
  app.get('/next-twice', (_req: Request, _res: Response, next: NextFunction) => {
    next(new Error('first'))
    next(new Error('second'))
  })
  app.get('/end-twice', (_req: Request, res: Response) => {
    res.end('one')
    res.end('two')
  })
  app.get('/write-after-end', (_req: Request, res: Response) => {
    res.end('done')
    res.write('late')
  })
  app.get('/stream-error', (_req: Request, res: Response) => {
    const body = new Readable({ read() {} })
    res.setHeader('Content-Type', 'text/plain')
    pipeline(body, res, () => undefined)
    body.push('part of the body ')
    setImmediate(() => body.destroy(new Error('the stream failed')))
  })
  app.get('/destroy', (_req: Request, res: Response) => {
    res.destroy()
  })
  app.get('/agent-end-throws', (_req: Request, res: Response) => {
    endThrowsOnce(res)
    res.send('never sent this way')
  })
  if (major === 5) {
    app.get('/reject', async () => {
      await new Promise((resolve) => setImmediate(resolve))
      throw new Error('rejected later')
    })
  }
  return app
}

describeExpress('faults of the app', ({ express, major }) => {
  const vanillaEvents = new EventLog()
  const pulyaEvents = new EventLog()
  let served: ServedSides<Express>

  beforeAll(async () => {
    served = await serveSides(
      sides(serveExpress, build(express, major, false, vanillaEvents), {
        pulya: build(express, major, true, pulyaEvents)
      })
    )
  })
  afterAll(async () => {
    await served.close()
  })

  const paths = [
    '/throw',
    '/next-twice',
    '/end-twice',
    '/write-after-end',
    '/stream-error',
    '/destroy',
    '/agent-end-throws',
    ...(major === 5 ? ['/reject'] : []),
    '/missing'
  ]
  const requests: DiffStep[] = paths.flatMap((path) => [
    { method: 'GET', path },
    // The server still answers on a new connection after each fault.
    { method: 'GET', path: '/r4/after' }
  ])

  it('answers, logs and events as vanilla, one request at a time', async () => {
    const before = fallbackTotal()
    const report = await served.run(requests, ERROR_PAGES)
    expect(report.message).toBe('')
    await expectSameEvents(vanillaEvents, pulyaEvents)
    expect(fallbackTotal()).toBe(before)
  })

  // Faults that close their connection are left out of the flood: which request a keep-alive
  // socket carries next is the client's timing, not the app's, and differs between two servers.
  const flood = requests.filter(
    (step) => !['/write-after-end', '/stream-error', '/destroy'].includes((step as { path: string }).path)
  )

  it('answers and events as vanilla, eight in flight', async () => {
    const report = await served.run([...flood, ...flood, ...flood], { ...ERROR_PAGES, concurrency: 8 })
    expect(report.message).toBe('')
    await expectSameEvents(vanillaEvents, pulyaEvents)
  })
})
