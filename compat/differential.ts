/**
 * The differential runner, the one harness behind every "same response" test: sides (the
 * vanilla app first, then the same app with pulya one way or another) are served on
 * 127.0.0.1, the same raw requests go to each, and every difference from vanilla in status,
 * status message, raw header list (names, case, order, values), body bytes, what was logged
 * and what an `observe` hook reads from the app is reported. {@link runDifferential} is the
 * Express form that builds one app twice and injects `app.use(pulya())` where a user would.
 * test/helpers/differential.ts runs it over the host × version matrix in vitest.
 *
 * The app is the spec: whatever vanilla answers is right, pulya must answer the same.
 * @module
 */
import { Agent, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Express, RequestHandler } from 'express'
import { pulya } from '../src/index.js'
import { createServer as pulyaCreateServer } from '../src/express/index.js'
import { injectPulya, type Injection } from './_inject.js'
import { compareObserved, compareSeen, formatDifferences, type Difference } from './_compare.js'
import { sendRaw, type DiffRequest, type Observed } from './_send.js'

export type { Injection } from './_inject.js'
export type { Difference } from './_compare.js'
export type { DiffRequest, Observed } from './_send.js'
export { formatDifferences } from './_compare.js'

/** How the apps under test are served; see {@link DiffOptions.server}. */
export type ServerForm = 'http' | 'listen' | 'pulya'

/** Something done to every side's app between two requests, e.g. registering a late route. */
export interface DiffAction<A = Express> {
  /** Shown in difference reports. */
  readonly action: string
  /** Runs once on each side's app, vanilla's first. */
  readonly run: (app: A) => void
}

/** One step of a scenario: a request sent to every side, or an action run on every side. */
export type DiffStep<A = Express> = DiffRequest | DiffAction<A>

/** One app under comparison. */
export interface Side<A> {
  /** `'vanilla'` for the reference (the first side), `'pulya'` or e.g. `'pulya Router'` for the others. */
  readonly name: string
  /** What actions and the `observe` hook receive. */
  readonly app: A
  /**
   * Makes its server, which the runner listens on 127.0.0.1 and closes after; or a promise of
   * a server already listening (`app.listen()`).
   */
  readonly serve: () => Server | Promise<Server>
}

/** How {@link ServedSides.run} sends and compares. */
export interface RunOptions<A> {
  /**
   * Applied to bodies and logs of every side before comparing, e.g. {@link normalizeStackFrames}.
   * When it changes a body (or for HEAD answers with an HTML error page), the
   * `Content-Length` values are no longer compared.
   * @default none: bodies and logs are compared byte for byte
   */
  normalize?: (text: string) => string
  /**
   * Milliseconds to wait for one response before recording a timeout.
   * @default 5000
   */
  timeoutMs?: number
  /**
   * Read from each side's app after each of its requests (the layers that ran, the app's
   * 'error' events…); the lines must be vanilla's.
   * @default none
   */
  observe?: (app: A) => readonly string[]
  /**
   * Requests in flight at once (each on every side, over keep-alive connections): a flood. What
   * apps log is then not recorded (the console is shared), and the steps must be requests
   * without `ifNoneMatchPrevious`.
   * @default 1
   */
  concurrency?: number
}

/** Options of {@link runDifferential}. */
export interface DiffOptions extends Omit<RunOptions<Express>, 'concurrency'> {
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
   * How the apps are served, each a different path through pulya: `'http'` is the user's own
   * `http.createServer(app)` for both; `'listen'` is `app.listen()` for both; `'pulya'` serves
   * the pulya variant with pulya's `createServer(app)` (vanilla keeps `http.createServer`).
   * With `'listen'`, Node's default 16 KiB header limit applies (a 100 KB path gets a 431).
   * @default 'http'
   */
  server?: ServerForm
}

/**
 * Builds the app under test. Called twice, once per variant. The first app created with
 * `express` is the root (the one pulya is injected into and the one served); create
 * RegExps, routers and sub-apps inside the builder so the two variants share no state.
 */
export type AppBuilder<F> = (express: F, withPulya: boolean) => Express

/** What one step produced on every side. */
export interface StepResult {
  readonly step: number
  readonly request: DiffRequest
  /** The reference side's answer. */
  readonly vanilla: Observed
  /** Every side's answer, in the order of the sides. */
  readonly observed: readonly Observed[]
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

/** Sides being served: run scenarios against them (state carries over), then close them. */
export interface ServedSides<A> {
  /** Each side's server, in the order of the sides, for traffic outside the comparison (a flood). */
  readonly servers: readonly Server[]
  /** Sends `steps` to every side in order and compares each answer with vanilla's. */
  run(steps: readonly DiffStep<A>[], options?: RunOptions<A>): Promise<DiffReport>
  close(): Promise<void>
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
  express: F,
  builder: AppBuilder<F>,
  withPulya: boolean,
  options: DiffOptions
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
// the app ever sees it; a large limit lets such requests reach the router.
const SERVER_OPTIONS = { maxHeaderSize: 1 << 22 }

/**
 * A `node:http` server for any request listener (an Express app, a Koa `callback()`), with a
 * header limit large enough for 100 KB paths.
 *
 * @param listener - the app's request listener; a returned promise is the app's own business
 * @example
 * compareSides([{ name: 'vanilla', app, serve: () => httpServer(app.callback()) }, …], steps)
 */
export function httpServer(listener: (req: IncomingMessage, res: ServerResponse) => unknown): Server {
  return createServer(SERVER_OPTIONS, (req, res) => {
    void listener(req, res)
  })
}

function expressServe(app: Express, form: ServerForm, withPulya: boolean): () => Server | Promise<Server> {
  if (form === 'listen') {
    return () =>
      new Promise<Server>((resolve) => {
        const server = app.listen(0, '127.0.0.1', () => {
          resolve(server)
        })
      })
  }
  if (form === 'pulya' && withPulya) return () => pulyaCreateServer(app, SERVER_OPTIONS)
  return () => createServer(SERVER_OPTIONS, app)
}

async function start(side: Side<unknown>): Promise<Server> {
  const made = side.serve()
  if (made instanceof Promise) return await made
  await new Promise<void>((resolve) => {
    made.listen(0, '127.0.0.1', resolve)
  })
  return made
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections()
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve()
    })
  })
}

function isAction<A>(step: DiffStep<A>): step is DiffAction<A> {
  return 'action' in step
}

async function runSteps<A>(
  sides: readonly Side<A>[],
  ports: readonly number[],
  steps: readonly DiffStep<A>[],
  options: RunOptions<A>
): Promise<DiffReport> {
  const timeoutMs = options.timeoutMs ?? 5000
  const normalize = options.normalize ?? null
  const observe = options.observe ?? null
  const differences: Difference[] = []
  const results: StepResult[] = []
  const compare = (
    index: number,
    step: DiffRequest,
    observed: readonly Observed[],
    seen: ReadonlyArray<readonly string[]> | null
  ): void => {
    const vanilla = observed[0] as Observed
    results.push({ step: index, request: step, vanilla, observed })
    for (let i = 1; i < sides.length; i++) {
      const side = (sides[i] as Side<A>).name
      differences.push(...compareObserved(index, step, vanilla, observed[i] as Observed, normalize, side))
      if (seen !== null) differences.push(...compareSeen(index, step, seen[0] ?? [], seen[i] ?? [], side))
    }
  }
  const concurrency = options.concurrency ?? 1
  if (concurrency > 1) {
    for (const step of steps) {
      if (isAction(step) || step.ifNoneMatchPrevious === true || observe !== null)
        throw new TypeError('differential: concurrent runs take plain requests only')
    }
    const requests = steps as readonly DiffRequest[]
    // Each side its own keep-alive agent: every side's `Connection`/`Keep-Alive` are still alike.
    const agents = ports.map(() => new Agent({ keepAlive: true, maxSockets: concurrency }))
    try {
      for (let from = 0; from < requests.length; from += concurrency) {
        const batch = requests.slice(from, from + concurrency)
        const answers = await Promise.all(
          batch.map((step) =>
            Promise.all(ports.map((port, i) => sendRaw(port, step, null, timeoutMs, false, agents[i])))
          )
        )
        answers.forEach((observed, k) => {
          compare(from + k, batch[k] as DiffRequest, observed, null)
        })
      }
    } finally {
      for (const agent of agents) agent.destroy()
    }
    return { differences, results, buildError: null, message: formatDifferences(differences) }
  }
  let previousEtag: string | null = null
  for (const [index, step] of steps.entries()) {
    if (isAction(step)) {
      for (const side of sides) step.run(side.app)
      continue
    }
    const headers =
      step.ifNoneMatchPrevious === true && previousEtag !== null ? { 'if-none-match': previousEtag } : null
    const observed: Observed[] = []
    const seen: Array<readonly string[]> = []
    // One side after the other: each exchange records what its app logs meanwhile.
    for (const [i, side] of sides.entries()) {
      observed.push(await sendRaw(ports[i] ?? 0, step, headers, timeoutMs))
      if (observe !== null) seen.push(observe(side.app))
    }
    previousEtag = (observed[0] as Observed).etag
    compare(index, step, observed, observe === null ? null : seen)
  }
  return { differences, results, buildError: null, message: formatDifferences(differences) }
}

/**
 * Serves every side on 127.0.0.1 until {@link ServedSides.close}: for suites that send
 * several scenarios to the same apps (a flood, then a spot check).
 *
 * @param sides - vanilla first, then each side compared with it
 * @example
 * const served = await serveSides([{ name: 'vanilla', app: a, serve: () => httpServer(a) }, { name: 'pulya', app: b, serve: () => httpServer(b) }])
 * expect((await served.run(gets('/a'))).message).toBe('')
 * await served.close()
 */
export async function serveSides<A>(sides: readonly Side<A>[]): Promise<ServedSides<A>> {
  const servers: Server[] = []
  for (const side of sides) servers.push(await start(side))
  const ports = servers.map((server) => (server.address() as AddressInfo).port)
  return {
    servers,
    run: async (steps, options = {}) => await runSteps(sides, ports, steps, options),
    close: async () => {
      await Promise.all(servers.map(close))
    }
  }
}

/**
 * Serves `sides`, sends `steps` to each in order, compares every answer with vanilla's, and
 * closes the servers.
 *
 * @param sides - vanilla first, then each side compared with it
 * @param steps - requests (raw: the path is sent byte for byte) and actions
 * @param options - see {@link RunOptions}
 * @example
 * const report = await compareSides(sides, [{ method: 'GET', path: '/%ZZ' }])
 * expect(report.message).toBe('')
 */
export async function compareSides<A>(
  sides: readonly Side<A>[],
  steps: readonly DiffStep<A>[],
  options: RunOptions<A> = {}
): Promise<DiffReport> {
  const served = await serveSides(sides)
  try {
    return await served.run(steps, options)
  } finally {
    await served.close()
  }
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
  express: F,
  builder: AppBuilder<F>,
  steps: readonly DiffStep[],
  options: DiffOptions = {}
): Promise<DiffReport> {
  const vanilla = build(express, builder, false, options)
  const withPulya = build(express, builder, true, options)
  if (vanilla.error !== null || withPulya.error !== null || vanilla.app === null || withPulya.app === null) {
    const differences: Difference[] = []
    if (vanilla.error !== withPulya.error) {
      differences.push({
        step: -1,
        request: null,
        side: 'pulya',
        field: 'build',
        vanilla: String(vanilla.error),
        pulya: String(withPulya.error),
        message: `building the app: vanilla ${vanilla.error ?? 'succeeded'}, pulya ${withPulya.error ?? 'succeeded'}`
      })
    }
    return { differences, results: [], buildError: vanilla.error, message: formatDifferences(differences) }
  }
  const form = options.server ?? 'http'
  return await compareSides(
    [
      { name: 'vanilla', app: vanilla.app, serve: expressServe(vanilla.app, form, false) },
      { name: 'pulya', app: withPulya.app, serve: expressServe(withPulya.app, form, true) }
    ],
    steps,
    options
  )
}
