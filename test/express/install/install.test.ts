/**
 * The install: every change pulya makes to an app is one entry of APP_WRAPS, applied in that
 * order, so the monitor is the outermost wrapper of `handle` and a request passes exactly the
 * wrappers it passed before; installing twice changes nothing; sub-apps join the install.
 */
import { afterEach, beforeEach, expect, it } from 'vitest'
import request from 'supertest'
import type { Express, Request, Response } from 'express'
import { accelerate, pulya } from '../../../src/express/index.js'
import { APP_WRAPS } from '../../../src/express/install/install.js'
import { installedContext } from '../../../src/express/install/install-context.js'
import { appStack, innerStack } from '../../../src/express/routing/route-tree.js'
import { describeExpress } from '../../helpers/differential.js'

/** pulya's wrappers of `app.handle`, by the names their functions carry. */
const HANDLE_WRAPPERS = ['handleDroppingProvisionalRouter', 'monitoredHandle', 'handleWithFinalHandler']

let probes = 0

/** The pulya wrappers of `app.handle` a request to `app` passes, outermost first. */
async function wrappersPassed(app: Express): Promise<string[]> {
  let stack = ''
  const path = `/stack/${++probes}`
  app.get(path, (_req: Request, res: Response) => {
    stack = new Error('where').stack ?? ''
    res.send('ok')
  })
  await request(app).get(path).expect(200)
  return stack
    .split('\n')
    .map((line) => /at (?:\S+\.)?(\w+) /.exec(line)?.[1] ?? '')
    .filter((name) => HANDLE_WRAPPERS.includes(name))
    .reverse()
}

let limit = Error.stackTraceLimit
beforeEach(() => {
  limit = Error.stackTraceLimit
  Error.stackTraceLimit = 100
})
afterEach(() => {
  Error.stackTraceLimit = limit
})

it('applies its changes in the documented order: later entries wrap earlier ones, the monitor last', () => {
  expect(APP_WRAPS.map((wrap) => wrap.member)).toEqual([
    'lazyrouter',
    'router',
    'router',
    'request, response',
    'listen',
    'listen',
    'set',
    'response.send, response.json, response.sendStatus',
    'handle',
    'use',
    'handle',
    'handle'
  ])
  const handles = APP_WRAPS.filter((wrap) => wrap.member === 'handle').map((wrap) => wrap.why)
  expect(handles[1]).toMatch(/^metrics\/underPressure/)
  expect(handles[2]).toMatch(/^Express 4: the router born in app.use\(pulya\(\)\)/)
})

describeExpress('the install', ({ name, express }) => {
  it('puts the monitor outside the final handler: one request passes each once', async () => {
    const app = express()
    app.use(pulya({ metrics: true }))
    const first = await wrappersPassed(app)
    // Express 4: the router born in app.use(pulya()) is let go on the app's first request.
    expect(first).toEqual(
      name === 'express@4'
        ? ['handleDroppingProvisionalRouter', 'monitoredHandle', 'handleWithFinalHandler']
        : ['monitoredHandle', 'handleWithFinalHandler']
    )
    expect(await wrappersPassed(app)).toEqual(['monitoredHandle', 'handleWithFinalHandler'])
  })

  it('wraps nothing per request that an option turns off', async () => {
    const app = express()
    app.get('/x', (_req: Request, res: Response) => {
      res.send('x')
    })
    app.use(pulya({ responses: false }))
    expect(await wrappersPassed(app)).toEqual([])
  })

  it('installs once: a second app.use(pulya()) or accelerate(app) changes nothing', () => {
    const app = express()
    app.get('/x', (_req: Request, res: Response) => {
      res.send('x')
    })
    app.use(pulya({ metrics: true }))
    const install = installedContext(app)
    const members = ['handle', 'listen', 'set', 'use'].map((member) => Reflect.get(app, member) as unknown)
    app.use(pulya())
    accelerate(app)
    expect(installedContext(app)).toBe(install)
    expect(['handle', 'listen', 'set', 'use'].map((member) => Reflect.get(app, member) as unknown)).toEqual(
      members
    )
  })

  it('has a sub-app mounted later join the install, monitored only where the install began, and recorded for the route tree', async () => {
    const app = express()
    app.use(pulya({ metrics: true }))
    const sub = express()
    sub.get('/hello', (_req: Request, res: Response) => {
      res.send('hello')
    })
    app.use('/sub', sub)
    expect(installedContext(sub)).toBe(installedContext(app))
    expect((Reflect.get(sub, 'handle') as { name: string }).name).toBe('handleWithFinalHandler')
    const layer = appStack(app)?.at(-1)
    expect(layer === undefined ? undefined : innerStack(layer)).toBe(appStack(sub))
    await request(app).get('/sub/hello').expect(200, 'hello')
  })
})
