/**
 * The differential runner: builds one Express app twice — vanilla, and with
 * `app.use(pulya())` inserted where a user would put it — sends the same raw requests
 * to both over real HTTP and reports every difference in status, status message,
 * raw header list (names, case, order, values), body bytes and what was logged.
 *
 * The app is the spec: whatever vanilla answers is right, pulya must answer the same.
 * @module
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Express, RequestHandler } from 'express'
import { pulya } from '../src/index.js'
import { createServer as pulyaCreateServer } from '../src/express/index.js'
import { injectPulya, type Injection } from './_inject.js'
import { compareObserved, formatDifferences, type Difference } from './_compare.js'
import { sendRaw, type DiffRequest, type Observed } from './_send.js'

export type { Injection } from './_inject.js'
export type { Difference } from './_compare.js'
export type { DiffRequest, Observed } from './_send.js'
export { formatDifferences } from './_compare.js'

/** How the apps under test are served; see {@link DiffOptions.server}. */
export type ServerForm = 'http' | 'listen' | 'pulya'

/** Something done to both apps between two requests, e.g. registering a late route. */
export interface DiffAction {
  /** Shown in difference reports. */
  readonly action: string
  /** Runs once on the vanilla app, then once on the pulya app. */
  readonly run: (app: Express) => void
}

/** One step of a scenario: a request sent to both apps, or an action run on both. */
export type DiffStep = DiffRequest | DiffAction

/**
 * Builds the app under test. Called twice, once per variant. The first app created with
 * `express` is the root (the one pulya is injected into and the one served); create
 * RegExps, routers and sub-apps inside the builder so the two variants share no state.
 */
export type AppBuilder<F> = (express: F, withPulya: boolean) => Express

/** Options of {@link runDifferential}. */
export interface DiffOptions {
  /**
   * Where `app.use(pulya())` goes: `'first'` right after `express()`, `'last'` after the
   * builder returns, or a number `n`: before the n-th routing call (`use`, `route`, `all`,
   * `param`, or a verb) made on the root app, counting from 0.
   * @default 'first'
   */
  inject?: Injection
  /**
   * Makes the middleware that is injected; a test can pass a deliberately broken one to
   * prove the runner notices.
   * @default () => pulya()
   */
  pulya?: () => RequestHandler
  /**
   * Applied to bodies and logs of both variants before comparing, e.g. {@link normalizeStackFrames}.
   * When it changes a body (or for HEAD answers with an HTML error page), the
   * `Content-Length` values are no longer compared.
   * @default none: bodies and logs are compared byte for byte
   */
  normalize?: (text: string) => string
  /**
   * How the apps are served, each a different path through pulya: `'http'` is the user's own
   * `http.createServer(app)` for both; `'listen'` is `app.listen()` for both; `'pulya'` serves
   * the pulya variant with pulya's `createServer(app)` (vanilla keeps `http.createServer`).
   * With `'listen'`, Node's default 16 KiB header limit applies (a 100 KB path gets a 431).
   * @default 'http'
   */
  server?: ServerForm
  /**
   * Milliseconds to wait for one response before recording a timeout.
   * @default 5000
   */
  timeoutMs?: number
}

/** What one step produced on both variants. */
export interface StepResult {
  readonly step: number
  readonly request: DiffRequest
  readonly vanilla: Observed
  readonly pulya: Observed
}

/** The outcome of one differential run. */
export interface DiffReport {
  readonly differences: Difference[]
  readonly results: StepResult[]
  /** Why building the vanilla app threw (then nothing was sent), or `null`. */
  readonly buildError: string | null
  /** A readable summary of all differences; empty when there are none. */
  readonly message: string
}

/**
 * Replaces stack frames (`at …` lines, plain and as finalhandler's HTML) by a marker:
 * frames below a throw site belong to the dispatcher, which is what pulya replaces.
 *
 * @example
 * await runDifferential(express, build, steps, { normalize: normalizeStackFrames })
 */
export function normalizeStackFrames(text: string): string {
  // A run of frames becomes one marker: the dispatcher may add or drop frames, too.
  return text
    .replace(/(?:\n[ \t]+at [^\n]*)+/g, '\n    at …')
    .replace(/(?:<br>(?: &nbsp;)+ ?at (?:(?!<br>|<\/pre>)[^])*)+/g, '<br> &nbsp; &nbsp;at …')
}

interface Built {
  readonly app: Express | null
  readonly error: string | null
}

function build<F extends (...args: never[]) => Express>(
  express: F, builder: AppBuilder<F>, withPulya: boolean, options: DiffOptions
): Built {
  const factory = withPulya
    ? injectPulya(express, options.inject ?? 'first', options.pulya ?? (() => pulya() as RequestHandler))
    : { express, finish: (app: Express) => app }
  try {
    const app = builder(factory.express, withPulya)
    return { app: factory.finish(app), error: null }
  } catch (error) {
    return { app: null, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }
  }
}

// Node's default header limit (16 KiB) would answer a 100 KB path with 431 before
// Express ever sees it; a large limit lets such requests reach the router.
const SERVER_OPTIONS = { maxHeaderSize: 1 << 22 }

async function listen(app: Express, form: ServerForm, withPulya: boolean): Promise<Server> {
  if (form === 'listen') {
    return await new Promise<Server>((resolve) => {
      const server = app.listen(0, '127.0.0.1', () => { resolve(server) })
    })
  }
  const server = form === 'pulya' && withPulya
    ? pulyaCreateServer(app, SERVER_OPTIONS)
    : createServer(SERVER_OPTIONS, app)
  await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve) })
  return server
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections()
  await new Promise<void>((resolve) => { server.close(() => { resolve() }) })
}

function isAction(step: DiffStep): step is DiffAction {
  return 'action' in step
}

/**
 * Runs `steps` against the vanilla app and the pulya app built by `builder`, in order,
 * each request first to vanilla then to pulya, and collects every difference.
 *
 * @param express - the host (`express` 5 or `express4`), as a factory
 * @param builder - builds the app; see {@link AppBuilder}
 * @param steps - requests (raw: the path is sent byte for byte) and actions
 * @param options - see {@link DiffOptions}
 * @example
 * const report = await runDifferential(express, (e) => {
 *   const app = e()
 *   app.get('/a/:id', (req, res) => { res.json(req.params) })
 *   return app
 * }, [{ method: 'GET', path: '/a/%ZZ' }])
 * expect(report.message).toBe('')
 */
export async function runDifferential<F extends (...args: never[]) => Express>(
  express: F, builder: AppBuilder<F>, steps: readonly DiffStep[], options: DiffOptions = {}
): Promise<DiffReport> {
  const vanilla = build(express, builder, false, options)
  const withPulya = build(express, builder, true, options)
  const differences: Difference[] = []
  const results: StepResult[] = []
  if (vanilla.error !== null || withPulya.error !== null || vanilla.app === null || withPulya.app === null) {
    if (vanilla.error !== withPulya.error) {
      differences.push({
        step: -1, request: null, field: 'build', vanilla: String(vanilla.error), pulya: String(withPulya.error),
        message: `building the app: vanilla ${vanilla.error ?? 'succeeded'}, pulya ${withPulya.error ?? 'succeeded'}`
      })
    }
    return { differences, results, buildError: vanilla.error, message: formatDifferences(differences) }
  }
  const apps = [vanilla.app, withPulya.app] as const
  const form = options.server ?? 'http'
  const servers = [await listen(apps[0], form, false), await listen(apps[1], form, true)] as const
  const ports = servers.map((server) => (server.address() as AddressInfo).port)
  const timeoutMs = options.timeoutMs ?? 5000
  const normalize = options.normalize ?? null
  let previousEtag: string | null = null
  try {
    for (const [index, step] of steps.entries()) {
      if (isAction(step)) {
        for (const app of apps) step.run(app)
        continue
      }
      const headers = step.ifNoneMatchPrevious === true && previousEtag !== null ? { 'if-none-match': previousEtag } : null
      const a = await sendRaw(ports[0] ?? 0, step, headers, timeoutMs)
      const b = await sendRaw(ports[1] ?? 0, step, headers, timeoutMs)
      previousEtag = a.etag
      results.push({ step: index, request: step, vanilla: a, pulya: b })
      differences.push(...compareObserved(index, step, a, b, normalize))
    }
  } finally {
    await Promise.all(servers.map(close))
  }
  return { differences, results, buildError: null, message: formatDifferences(differences) }
}
