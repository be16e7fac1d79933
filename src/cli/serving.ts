/**
 * How the user's app serves requests in production, which decides what pulya can do for it:
 * under the app's own `listen()` pulya gives Express its server classes; under the user's own
 * `http.createServer(app)` (handler mode: bin/www, NestJS, test harnesses, serverless
 * wrappers) it cannot. Found from what the module does when loaded, or `--serve`.
 */
import { Server } from 'net'
import { Server as TlsServer } from 'tls'
import { appOfListener, type AppKind } from './app-kinds/index.js'
import type { ServeOption } from './args.js'
import type { ListenedServer } from './load-watch.js'

/** `listen`: the app's own `app.listen()`; `handler`: the user's `http.createServer(app)`. */
export type ServeMode = 'listen' | 'handler'

/** What the module showed while it loaded; null when it showed nothing (an app, exported, not served). */
export interface ModuleServing {
  mode: ServeMode
  /** What the module does, for the report: `calls app.listen() when loaded`. */
  how: string
}

/** How the app processes serve the app, and why. */
export interface Serving {
  mode: ServeMode
  /** `option`: --serve; `module`: what the module does; `default`: the module does not say. */
  source: 'option' | 'module' | 'default'
  how: string
}

/** Is `value` a server (net.Server: http, https, http2…) rather than an app? */
export function isServer(value: unknown): value is Server {
  return value instanceof Server
}

/** `an https server` / `an http.Server`: the kind of server, for the report. */
function serverName(server: Server): string {
  return server instanceof TlsServer
    ? 'a TLS server (https, http2), measured over plain HTTP,'
    : 'an http.Server'
}

/**
 * The app an exported server serves, and how: found from its `request` listener (an Express
 * app is its own listener, a Koa app's is its `callback()`); null when it serves none.
 */
export function appOfServer(
  server: Server,
  listened: readonly ListenedServer[]
): { app: unknown; kind: AppKind; serving: ModuleServing } | null {
  for (const listener of server.listeners('request')) {
    const found = appOfListener(listener)
    if (found === undefined) continue
    const byAppListen = listened.some((l) => l.server === server && l.byAppListen)
    return {
      ...found,
      serving: byAppListen
        ? { mode: 'listen', how: 'exports the server its app.listen() returned' }
        : {
            mode: 'handler',
            how: `exports ${serverName(server)} made with ${found.kind.handlerCode}`
          }
    }
  }
  return null
}

/** How the module served `app` while it loaded (its first server serving it), or null. */
export function moduleServing(app: unknown, listened: readonly ListenedServer[]): ModuleServing | null {
  for (const { server, byAppListen } of listened) {
    const found = server.listeners('request').map(appOfListener)
    const kind = found.find((f) => f?.app === app)?.kind
    if (kind === undefined) continue
    return byAppListen
      ? { mode: 'listen', how: 'calls app.listen() when loaded' }
      : {
          mode: 'handler',
          how: `serves it with ${serverName(server)} of its own (${kind.handlerCode}) when loaded`
        }
  }
  return null
}

/**
 * How to serve: `--serve` when given, else what the module does, else handler mode — the
 * way that never credits pulya with server classes the app may not get in production.
 */
export function decideServing(option: ServeOption, found: ModuleServing | null): Serving {
  if (option !== 'auto') return { mode: option, source: 'option', how: `--serve ${option}` }
  if (found !== null) return { ...found, source: 'module' }
  return { mode: 'handler', source: 'default', how: 'exports the app without serving it' }
}

/**
 * The serving, for the reports: how the processes serve the app, what the module does, and
 * what to pass when the default guessed wrong.
 * @example servingText({ mode: 'listen', source: 'module', how: 'calls app.listen() when loaded' }, EXPRESS) // 'app.listen() (listen mode): the module calls app.listen() when loaded'
 */
export function servingText(serving: Serving, kind: AppKind): string {
  const code = serving.mode === 'listen' ? 'app.listen()' : kind.handlerCode
  const why =
    serving.source === 'option'
      ? serving.how
      : `the module ${serving.how}` +
        (serving.source === 'default' ? '; pass --serve listen if your server is app.listen()' : '')
  return `${code} (${serving.mode} mode): ${why}`
}

/**
 * What serving in `mode` means for pulya's server classes: they apply (listen mode), they do
 * not and one line would give them (handler mode), or the kind has none (Koa).
 * @example serverNote('listen', EXPRESS.pulyaServer) // "pulya's server classes apply: app.listen() creates the server with them"
 */
export function serverNote(mode: ServeMode, pulyaServer: AppKind['pulyaServer']): string {
  if ('none' in pulyaServer) return pulyaServer.none
  return mode === 'listen'
    ? "pulya's server classes apply: app.listen() creates the server with them"
    : `pulya's server classes do not apply: the app's own code creates the server; one line gives them: ${pulyaServer.code.from} → ${pulyaServer.code.to}`
}
