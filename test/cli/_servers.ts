/** In-process stand-ins for the command's app processes: HTTP servers on 127.0.0.1 and AppProcess. */
import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AppProcess } from '../../src/cli/child-processes.js'
import type { AppExplanation } from '../../src/core/explain.js'
import type { RouteInfo } from '../../src/cli/routes.js'
import type { Serving } from '../../src/cli/serving.js'

/** A server on a free port of 127.0.0.1, answering with `handler`; close it with `server.close()`. */
export async function listen(handler: RequestListener): Promise<{ server: Server; port: number }> {
  const server = createServer(handler)
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return { server, port: (server.address() as AddressInfo).port }
}

/** A route's answer: its path back, so every request gets its own body. */
export const echo: RequestListener = (req, res) => {
  res.setHeader('x-app', 'echo')
  res.end(`${req.method ?? ''} ${req.url ?? ''}`)
}

/** How a stand-in app process is: its label, kind and serving, and how it ends (null: never). */
export interface FakeAppOptions {
  templates?: Record<string, string>
  label?: string
  kind?: string
  serving?: Serving
  /** What ended() answers: null while up. */
  ended?: () => string | null
  stderr?: string[]
  /** What explain() answers (null: a kind without one); an Error is thrown. */
  explanation?: AppExplanation | Error | null
}

/** A serving found by nothing: the default handler mode. */
export const DEFAULT_SERVING: Serving = {
  mode: 'handler',
  source: 'default',
  how: 'exports the app without serving it'
}

/**
 * An AppProcess served in-process by `handler`: `routes` as discovered, match answered from
 * `templates` (`METHOD /path` → template), CPU that grows by 1 ms per sample; `stopped` counts stop().
 */
export async function fakeApp(
  handler: RequestListener,
  routes: RouteInfo[],
  options: FakeAppOptions = {}
): Promise<AppProcess & { server: Server; stopped: number }> {
  const { templates = {}, ended = () => null } = options
  const { server, port } = await listen(handler)
  let cpu = 0
  const app = {
    server,
    stopped: 0,
    label: options.label ?? 'the app process',
    kind: options.kind ?? 'express',
    serving: options.serving ?? DEFAULT_SERVING,
    routes,
    port,
    ended: () => Promise.resolve(ended()),
    stderrTail: () => options.stderr ?? [],
    explain: () =>
      options.explanation instanceof Error
        ? Promise.reject(options.explanation)
        : Promise.resolve(options.explanation ?? null),
    match: (requests: ReadonlyArray<{ method: string; path: string }>) =>
      Promise.resolve(
        requests.map((r) => templates[`${r.method} ${r.path.split('?')[0] as string}`] ?? null)
      ),
    sample: () => Promise.resolve({ cpu: { user: (cpu += 1000), system: 0 }, rss: 2 ** 20 * 40 }),
    stop: () => {
      app.stopped++
      server.close()
    }
  }
  return app
}
