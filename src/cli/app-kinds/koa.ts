/** Koa 2 and 3 apps: the AppKind the command uses for them. */
import type { RequestListener, Server } from 'http'
import { APPLICATION_FILE, carriesPulya, type AppKind } from './app-kind.js'
import { findKoaRoute, koaMiddleware, koaRoutes } from './koa-routes.js'

interface KoaApp {
  middleware: unknown[]
  callback(): RequestListener
  listen(port: number, host: string, ready: () => void): Server
}

/** Each `app.callback()` made while the user's module loaded, and its app: a server's listener leads back to it. */
const callbacks = new WeakMap<object, unknown>()

function isKoaApp(value: unknown): boolean {
  const koa = value as Partial<Record<'middleware' | 'callback' | 'use', unknown>> | null
  return (
    typeof koa === 'object' &&
    koa !== null &&
    Array.isArray(koa.middleware) &&
    typeof koa.callback === 'function' &&
    typeof koa.use === 'function'
  )
}

/** Koa: the request listener is `app.callback()`; Koa has no server classes for pulya to give. */
export const KOA: AppKind = {
  name: 'koa',
  title: 'Koa',
  is: isKoaApp,
  beforeLoad(require, watch) {
    let Koa: { prototype: KoaApp }
    try {
      const mod = require('koa') as { prototype?: KoaApp; default?: { prototype: KoaApp } }
      Koa = (mod.prototype === undefined ? mod.default : mod) as { prototype: KoaApp }
    } catch {
      return
    }
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the app as `this` below
    const callback = Koa.prototype.callback
    watch.patch(Koa.prototype, 'callback', function (this: KoaApp): RequestListener {
      const listener = callback.call(this)
      callbacks.set(listener, this)
      return listener
    })
  },
  // `listen(...args) { const server = http.createServer(this.callback()); return server.listen(...args) }`
  // in Koa 2 and 3's lib/application.js, a method of its class Application.
  isOwnListen: (caller) => caller.functionName === 'listen' && APPLICATION_FILE.test(caller.fileName ?? ''),
  appOfListener: (listener) => (typeof listener === 'function' ? callbacks.get(listener) : undefined),
  routes: koaRoutes,
  findRoute: findKoaRoute,
  isEmpty: (app) => koaMiddleware(app).length === 0,
  // pulya's middleware carries what finds the app's routers.
  hasPulya: (app) => (koaMiddleware(app) as object[]).some(carriesPulya),
  async installPulya(app, options) {
    // First, as `app.use(pulya())` on the first line puts it; imported here so that a
    // vanilla app process never loads pulya.
    koaMiddleware(app).unshift((await import('../../koa/index.js')).pulya(options))
  },
  handler: (app) => (app as KoaApp).callback(),
  handlerCode: 'http.createServer(app.callback())',
  listen: (app, port, host, ready) => (app as KoaApp).listen(port, host, ready),
  pulyaServer: {
    none: 'Koa has no server classes: pulya works the same under app.listen() and http.createServer(app.callback())'
  },
  async explain(app) {
    ;(await import('../../koa/index.js')).warm(app)
    return (await import('../../koa/explain.js')).explainKoaApp(app)
  }
}
