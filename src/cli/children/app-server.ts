/**
 * The app process (the command's own script with `__child`): loads the user's app, lists its
 * routes and, for check and bench, serves it on 127.0.0.1 with or without pulya, answering
 * over IPC what the command asks: its CPU time and RSS (around bench's windows) and which route
 * answers a request (--openapi, --har). main.ts gives it the process's channel; tests their own.
 */
import type { Server } from 'http'
import type { AddressInfo } from 'net'
import { LoadError, firstLine, loadWithoutOwnPort, type LoadedApp } from '../app-loader.js'
import type { IpcChannel, IpcMessage } from '../ipc-peer.js'
import { discoverRoutes, findRoute } from '../routes.js'
import { applyPulya } from './apply-pulya.js'

/** The argument that makes the command's script an app process. */
export const APP_SERVER = '__child'

/** `routes` lists the routes only; `vanilla` and `pulya` serve the app without and with pulya. */
export type AppMode = 'routes' | 'vanilla' | 'pulya'

/** What the command asks of an app process, on its command line. */
export interface AppServerOrder {
  mode: AppMode
  app: string
  exportName: string | undefined
  pulyaModule: string | undefined
  pulyaOptions: Record<string, unknown> | undefined
}

/**
 * The order as the arguments after the script, every field in its place (empty when not given).
 * @example appServerArgs({ mode: 'routes', app: './app.js', exportName: undefined, pulyaModule: undefined, pulyaOptions: undefined }) // ['__child', 'routes', './app.js', '', '', '']
 */
export function appServerArgs(order: AppServerOrder): string[] {
  return [
    APP_SERVER,
    order.mode,
    order.app,
    order.exportName ?? '',
    order.pulyaModule ?? '',
    order.pulyaOptions === undefined ? '' : JSON.stringify(order.pulyaOptions)
  ]
}

/** The order appServerArgs wrote, from the arguments after `__child`. */
export function readAppServerArgs(argv: readonly string[]): AppServerOrder {
  const [mode = '', app = '', exportName = '', pulyaModule = '', pulyaOptions = ''] = argv
  return {
    mode: mode as AppMode,
    app,
    exportName: exportName === '' ? undefined : exportName,
    pulyaModule: pulyaModule === '' ? undefined : pulyaModule,
    pulyaOptions: pulyaOptions === '' ? undefined : (JSON.parse(pulyaOptions) as Record<string, unknown>)
  }
}

/** The command's questions to a serving app process; anything else is not for it. */
function answer(message: IpcMessage, loaded: LoadedApp, channel: IpcChannel): void {
  // bench asks for the server's own CPU time around each measured window.
  if (message.type === 'sample')
    channel.send({ type: 'sample', id: message.id, cpu: process.cpuUsage(), rss: process.memoryUsage.rss() })
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

/**
 * Runs the app process's part: sends `{ type: 'ready', routes, port }` once the app listens
 * (`routes` mode: once its routes are read, no port), or `{ type: 'ready', error }` with the one
 * line the command prints when it cannot load, get pulya or listen.
 * @returns the listening server (null in `routes` mode and on failure), for its owner to close
 * @example await serveApp(readAppServerArgs(process.argv.slice(3)), processChannel(process))
 */
export async function serveApp(order: AppServerOrder, channel: IpcChannel): Promise<Server | null> {
  try {
    const loaded = await loadWithoutOwnPort(order.app, order.exportName)
    const routes = discoverRoutes(loaded.app, loaded.kind)
    if (order.mode === 'routes') {
      channel.send({ type: 'ready', routes })
      return null
    }
    if (order.mode === 'pulya')
      await applyPulya(loaded.app, loaded.kind, order.pulyaModule, order.pulyaOptions)
    channel.onMessage((message) => {
      answer(message, loaded, channel)
    })
    // Started the documented way, app.listen() (Express and Koa alike), so pulya does at
    // start-up what it does in an app that calls listen itself.
    const listening = loaded.app as { listen(port: number, host: string, ready: () => void): Server }
    const server = listening.listen(0, '127.0.0.1', () => {
      channel.send({ type: 'ready', routes, port: (server.address() as AddressInfo).port })
    })
    return server
  } catch (error) {
    channel.send({
      type: 'ready',
      error: error instanceof LoadError ? error.message : `pulya: ${firstLine(error)}`
    })
    return null
  }
}
