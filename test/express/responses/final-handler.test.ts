/**
 * The final handler: when pulya gives an app's `handle` its own final handler, and its answers
 * called directly where a real request cannot reach. Its pages are proven against vanilla by
 * the contract suite (compat/cases/responses.ts); these tests pin the decisions.
 */
import { symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import request from 'supertest'
import {
  finalHandler,
  pagesFor,
  withFinalHandler,
  type AppHandle
} from '../../../src/express/responses/final-handler.js'
import { hostModules, type FinalhandlerModules } from '../../../src/express/install/host-modules.js'
import { pulya } from '../../../src/express/index.js'
import { EXPRESS_52, EXPRESS_HOSTS } from '../../helpers/hosts.js'
import { EXPRESS_MODULES, fakeExpress, moduleCache } from '../_fake-express.js'

/** Express's `app.handle` is not in its public types. */
function handleOf(app: object): AppHandle {
  return (app as { handle: AppHandle }).handle
}

/** Does pulya give `app`'s `handle` its final handler (rather than keep Express's)? */
function takesOver(app: object): boolean {
  return withFinalHandler(handleOf(app), hostModules(handleOf(app))) !== handleOf(app)
}

describe.each(EXPRESS_HOSTS)('$name: the final handler', ({ express }) => {
  it("finds the app's finalhandler and wraps app.handle", () => {
    const app = express()
    expect(hostModules(handleOf(app)).finalhandler).not.toBeNull()
    expect(takesOver(app)).toBe(true)
  })

  it('leaves an app alone whose handle is not Express’s own (wrapped, bundled)', () => {
    const app = express()
    const wrapped = function handle(this: unknown, ...args: unknown[]): unknown {
      return Reflect.apply(handleOf(app), this, args)
    }
    expect(takesOver({ handle: wrapped })).toBe(false)
  })

  it('serves the same 404 as before when the app answers nothing and pulya is used with options', async () => {
    const app = express()
    const handle = handleOf(app)
    app.use(pulya({ responses: false }))
    const res = await request(app).get('/x')
    expect(res.status).toBe(404)
    // Express's own handle, not pulya's final handler (Express 4: again, after the first request).
    expect(handleOf(app)).toBe(handle)
  })
})

it("recognises Express 5.2's error logger", () => {
  expect(takesOver(EXPRESS_52.express())).toBe(true)
})

it('an application.js whose logerror it does not know keeps Express’s final handler', () => {
  const handle = fakeExpress({})
  const application = Object.keys(moduleCache).find(
    (key) => (moduleCache[key]?.exports as { handle?: unknown } | undefined)?.handle === handle
  ) as string
  symlinkSync(EXPRESS_MODULES, join(application, '..', '..', 'node_modules'), 'dir')
  expect(hostModules(handle).finalhandler).not.toBeNull()
  expect(withFinalHandler(handle, hostModules(handle))).toBe(handle)
})

describe('the final handler, called directly', () => {
  const modules = hostModules(handleOf(EXPRESS_HOSTS[1]?.express() as object))
    .finalhandler as FinalhandlerModules

  function fakeResponse(headersSent: boolean): {
    res: Record<string, unknown>
    headers: Record<string, unknown>
    ended: unknown[]
  } {
    const headers: Record<string, unknown> = {}
    const ended: unknown[] = []
    const res = {
      statusCode: 200,
      statusMessage: 'unset',
      headersSent,
      removeHeader: (name: string) => {
        headers[name] = undefined
      },
      setHeader: (name: string, value: unknown) => {
        headers[name] = value
      },
      end: (...args: unknown[]) => {
        ended.push(...args)
      }
    }
    return { res, headers, ended }
  }
  // A request already read to the end: the page is written at once.
  const finished = (method: string, httpVersionMajor: number): object => ({
    method,
    httpVersionMajor,
    url: '/x',
    originalUrl: '/x',
    complete: true,
    readable: false,
    socket: { readable: true },
    unpipe() {},
    resume() {}
  })
  const app = { get: () => undefined }

  it('leaves the status message alone on HTTP/2, as finalhandler does', () => {
    const { res, headers } = fakeResponse(false)
    finalHandler(
      pagesFor(modules),
      app,
      'production',
      function log() {},
      finished('GET', 2) as never,
      res as never
    )()
    expect(res['statusCode']).toBe(404)
    expect(res['statusMessage']).toBe('unset')
    expect(headers['Content-Type']).toBe('text/html; charset=utf-8')
  })

  it('reads NODE_ENV when the env setting is empty, and does nothing more once headers are out without a socket', async () => {
    const saved = process.env['NODE_ENV']
    process.env['NODE_ENV'] = 'production'
    const logged: unknown[] = []
    try {
      const { res, ended } = fakeResponse(false)
      finalHandler(
        pagesFor(modules),
        app,
        '',
        function log(err) {
          logged.push(err)
        },
        finished('GET', 1) as never,
        res as never
      )(new Error('secret'))
      expect(String(ended[0])).toContain('<pre>Internal Server Error</pre>')
      const sent = fakeResponse(true)
      const request = { ...finished('GET', 1), socket: null }
      finalHandler(
        pagesFor(modules),
        app,
        'production',
        function log(err) {
          logged.push(err)
        },
        request as never,
        sent.res as never
      )(new Error('late'))
      expect(sent.ended).toEqual([])
    } finally {
      if (saved === undefined) delete process.env['NODE_ENV']
      else process.env['NODE_ENV'] = saved
    }
    await new Promise((resolve) => setImmediate(resolve))
    expect(logged).toHaveLength(2)
  })
})

describe('the page table', () => {
  it("names the resource 'resource' when the URL cannot be parsed, as finalhandler does", () => {
    const app = EXPRESS_HOSTS[0]?.express()
    const modules = hostModules(handleOf(app as object)).finalhandler
    expect(modules).not.toBeNull()
    const pages = pagesFor(modules as FinalhandlerModules)
    expect(pagesFor(modules as FinalhandlerModules)).toBe(pages)
    const hostile = {
      method: 'GET',
      httpVersionMajor: 1,
      unpipe() {},
      resume() {},
      get originalUrl(): string {
        throw new Error('no URL')
      }
    }
    expect(pages.notFound(hostile).body).toContain('<pre>Cannot GET resource</pre>')
  })
})
