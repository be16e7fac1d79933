/**
 * The app process (the command's own script with `__child`): loads the user's app, lists its
 * routes and, for check and bench, serves it on 127.0.0.1 the way the module serves it (or as
 * `--serve` says), with or without pulya, answering over IPC what the command asks: its CPU
 * time and RSS (around bench's windows) and which route answers a request (--openapi, --har).
 * main.ts gives it the process's channel; tests their own.
 */
import { createServer, type Server } from 'http'
import type { AddressInfo } from 'net'
import { kindNamed, type AppKind } from '../app-kinds/index.js'
import { LoadError, firstLine, loadApp, type LoadedApp } from '../app-loader.js'
import type { ServeOption } from '../args.js'
import type { IpcChannel, IpcMessage } from '../ipc-peer.js'
import { discoverRoutes, findRoute } from '../routes.js'
import { decideServing, type Serving } from '../serving.js'
import { applyPulya } from './apply-pulya.js'

/** The argument that makes the command's script an app process. */
export const APP_SERVER = '__child'

/**
 * `routes` lists the routes only; `vanilla` and `pulya` serve the app without and with pulya;
 * `pulya-server` with pulya and under pulya's own server (Express's createServer).
 */
export type AppMode = 'routes' | 'vanilla' | 'pulya' | 'pulya-server'

/** What the command asks of an app process, on its command line. */
export interface AppServerOrder {
  mode: AppMode
  app: string
  exportName: string | undefined
  pulyaModule: string | undefined
  pulyaOptions: Record<string, unknown> | undefined
  serve: ServeOption
}

/**
 * The order as the arguments after the script, every field in its place (empty when not given).
 * @example appServerArgs({ mode: 'routes', app: './app.js', exportName: undefined, pulyaModule: undefined, pulyaOptions: undefined, serve: 'auto' }) // ['__child', 'routes', './app.js', '', '', '', 'auto']
 */
export function appServerArgs(order: AppServerOrder): string[] {
  return [
    APP_SERVER,
    order.mode,
    order.app,
    order.exportName ?? '',
    order.pulyaModule ?? '',
    order.pulyaOptions === undefined ? '' : JSON.stringify(order.pulyaOptions),
    order.serve
  ]
}

/** The order appServerArgs wrote, from the arguments after `__child`. */
export function readAppServerArgs(argv: readonly string[]): AppServerOrder {
  const [mode = '', app = '', exportName = '', pulyaModule = '', pulyaOptions = '', serve = 'auto'] = argv
  return {
    mode: mode as AppMode,
    app,
    exportName: exportName === '' ? undefined : exportName,
    pulyaModule: pulyaModule === '' ? undefined : pulyaModule,
    pulyaOptions: pulyaOptions === '' ? undefined : (JSON.parse(pulyaOptions) as Record<string, unknown>),
    serve: serve as ServeOption
  }
}

/** The command's questions to a serving app process; anything else is not for it. */
function answer(message: IpcMessage, loaded: LoadedApp, channel: IpcChannel): void {
  // bench asks for the server's own CPU time around each measured window; check, whether the
  // process is still alive.
  if (message.type === 'sample')
    channel.send({ type: 'sample', id: message.id, cpu: process.cpuUsage(), rss: process.memoryUsage.rss() })
  // explain, and check at its end, ask what pulya does for the app.
  else if (message.type === 'explain') {
    const kind = kindNamed(loaded.kind)
    ;(kind.explain === undefined ? Promise.resolve(null) : kind.explain(loaded.app)).then(
      (explanation) => {
        channel.send({ type: 'explain', id: message.id, explanation })
      },
      (error: unknown) => {
        channel.send({ type: 'explain', id: message.id, error: firstLine(error) })
      }
    )
  }
  // --openapi and --har ask which route answers each of their requests (before any is sent).
  else if (message.type === 'match') {
    const requests = message['requests'] as Array<{ method: string; path: string }>
    channel.send({
      type: 'match',
      id: message.id,
      templates: requests.map((r) => findRoute(loaded.app, loaded.kind, r.method, r.path))
    })
  }
}

/** Listens on a free port of 127.0.0.1 as `mode` and `serving` say; resolves once it listens. */
async function serve(kind: AppKind, app: unknown, mode: AppMode, serving: Serving): Promise<Server> {
  let server: Server
  if (mode === 'pulya-server') {
    if ('none' in kind.pulyaServer) throw new Error(kind.pulyaServer.none)
    server = await kind.pulyaServer.create(app)
  } else if (serving.mode === 'handler') server = createServer(kind.handler(app))
  else
    // The documented app.listen(), so pulya does at start-up what it does in an app that calls it.
    return new Promise((ready) => {
      const listening = kind.listen(app, 0, '127.0.0.1', () => {
        ready(listening)
      })
    })
  return new Promise((ready) => {
    server.listen(0, '127.0.0.1', () => {
      ready(server)
    })
  })
}

/** The one line for an app with nothing registered: routes added later than the export. */
export function nothingRegistered(order: Pick<AppServerOrder, 'app' | 'exportName'>, kind: AppKind): string {
  const article = /^[AEIOU]/.test(kind.title) ? 'an' : 'a'
  return (
    `pulya: no routes found: the ${order.exportName ?? 'default'} export of ${order.app} is ${article} ${kind.title} app ` +
    'with nothing registered yet (no route, no middleware); register them before it is exported, or export a ' +
    'factory (async if need be) returning the app once they are (NestJS: after `await app.init()`)'
  )
}

/**
 * The one line for an app whose own code installs pulya: its vanilla processes would run pulya
 * too, and check and bench would compare pulya with pulya.
 */
export function pulyaAlready(order: Pick<AppServerOrder, 'app'>): string {
  return (
    `pulya: ${order.app} installs pulya itself (app.use(pulya())), so the processes meant to run it without pulya would not: ` +
    'check and bench add pulya themselves, so make that line conditional, e.g. if (!process.env.NO_PULYA) app.use(pulya()), ' +
    'and run them with NO_PULYA=1'
  )
}

/**
 * Runs the app process's part: sends `{ type: 'ready', routes, kind, serving, port }` once the
 * app listens (`routes` mode: once its routes are read, no port), or `{ type: 'ready', error }`
 * with the one line the command prints when it cannot load, get pulya or listen, or the app
 * has nothing registered.
 * @returns the listening server (null in `routes` mode and on failure), for its owner to close
 * @example await serveApp(readAppServerArgs(process.argv.slice(3)), processChannel(process))
 */
export async function serveApp(order: AppServerOrder, channel: IpcChannel): Promise<Server | null> {
  try {
    const loaded = await loadApp(order.app, order.exportName)
    const kind = kindNamed(loaded.kind)
    if (kind.isEmpty(loaded.app)) throw new LoadError(nothingRegistered(order, kind))
    const routes = discoverRoutes(loaded.app, loaded.kind)
    const serving = decideServing(order.serve, loaded.serving)
    const ready = { type: 'ready', routes, kind: kind.name, serving }
    if (order.mode === 'routes') {
      channel.send(ready)
      return null
    }
    const own = kind.hasPulya(loaded.app)
    if (order.mode === 'vanilla' && own) throw new LoadError(pulyaAlready(order))
    // An app that installs pulya itself runs its own install (explain reads it as it is).
    if (order.mode !== 'vanilla' && !own)
      await applyPulya(loaded.app, loaded.kind, order.pulyaModule, order.pulyaOptions)
    channel.onMessage((message) => {
      answer(message, loaded, channel)
    })
    const server = await serve(kind, loaded.app, order.mode, serving)
    channel.send({ ...ready, port: (server.address() as AddressInfo).port })
    return server
  } catch (error) {
    channel.send({
      type: 'ready',
      error: error instanceof LoadError ? error.message : `pulya: ${firstLine(error)}`
    })
    return null
  }
}
