/**
 * Installing pulya on an Express 4 or Express 5 app, without changing when Express
 * creates its router.
 *
 * Express creates an app's router on the first `app.use`/`app.METHOD`/`app.route`/
 * `app.param` call and reads `case sensitive routing`, `strict routing` (and, in
 * Express 4, `query parser`) at that moment. `app.use(pulya())` as the first line must not
 * move that moment: when the router was born in that very call, pulya undoes its birth
 * and Express creates it again, lazily, exactly when it would have without pulya.
 */
import type { ResolvedExpressOptions } from '../options.js'
import { accelerateRouter, isRouter, type ExpressRouter } from '../routing/router-dispatch.js'
import { WARM_DELAY_MS } from '../../core/warm.js'
import { attachContext, InstallContext, installedContext } from './install-context.js'
import type { ExpressLayer } from '../routing/layer-pattern.js'
import { memoiseEtags, type AppWithSettings } from '../responses/etag-memo.js'
import { installFinalHandler, type AppWithHandle } from '../responses/final-handler.js'
import { installResponseFastPath, type AppWithResponse } from '../responses/response-mirror.js'
import { installServerClasses, type AppWithPrototypes } from './server-classes.js'
import { createMonitor, type Monitor, type MonitoredResponse } from '../../core/metrics/monitor.js'
import { routeOf } from '../routing/route-of.js'

/** The parts of an Express 4 or 5 application pulya uses. */
export interface ExpressApp {
  use: (...args: unknown[]) => unknown
  listen: (...args: unknown[]) => unknown
  handle: unknown
  set: unknown
  enabled: (setting: string) => boolean
  lazyrouter?: () => void
  _router?: ExpressRouter
  router?: ExpressRouter
}

/** Express's own Layer for `app.use(subApp)`: the sub-app handler is named this. */
const MOUNTED_APP = 'mounted_app'

/** Is `value` an Express application (what `app.use` treats as a sub-app)? */
export function isExpressApp(value: unknown): value is ExpressApp {
  if (typeof value !== 'function') return false
  const candidate = value as unknown as Partial<Record<'handle' | 'set' | 'use', unknown>>
  return (
    typeof candidate.handle === 'function' &&
    typeof candidate.set === 'function' &&
    typeof candidate.use === 'function'
  )
}

/**
 * Accelerates `app`: its router (now or when Express creates it), every router nested in
 * it, and the sub-apps mounted on it from now on. Idempotent.
 */
export function installOnApp(
  app: ExpressApp,
  options: ResolvedExpressOptions,
  context?: InstallContext
): InstallContext {
  const existing = installedContext(app)
  if (existing !== undefined) return existing
  const installed = context ?? new InstallContext(options)
  attachContext(app, installed)
  if (typeof app.lazyrouter === 'function') {
    // Express 4: the router is `app._router`, created by `app.lazyrouter()`.
    if (isRouter(app._router)) accelerateRouter(app._router, installed)
    const lazyrouter = app.lazyrouter
    app.lazyrouter = function lazyrouterAccelerated(this: ExpressApp): void {
      dropProvisionalRouter(this)
      lazyrouter.call(this)
      accelerateRouter(this._router as ExpressRouter, installed)
    }
  } else {
    // Express 5: `app.router` is a lazy getter; wrap it once, then give the original back.
    const descriptor = Object.getOwnPropertyDescriptor(app, 'router') as PropertyDescriptor
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the app as `this` below
    const getter = descriptor.get as (this: ExpressApp) => ExpressRouter
    const wrapper = function getrouter(this: ExpressApp): ExpressRouter {
      const router = getter.call(this)
      accelerateRouter(router, installed)
      // Give the getter back, unless it has already replaced itself (a router born early).
      if (Object.getOwnPropertyDescriptor(this, 'router')?.get === wrapper)
        Object.defineProperty(this, 'router', descriptor)
      return router
    }
    Object.defineProperty(app, 'router', { configurable: true, enumerable: true, get: wrapper })
  }
  if (options.serverClasses) installServerClasses(app as unknown as AppWithPrototypes)
  if (options.warm) warmOnListen(app, installed)
  if (options.responses) {
    memoiseEtags(app as unknown as AppWithSettings)
    installResponseFastPath(app as unknown as AppWithResponse)
    installFinalHandler(app as unknown as AppWithHandle)
  }
  // Requests are monitored where the install began: sub-apps joining it are inside that app.
  if (context === undefined) {
    installed.monitor = createMonitor(options.metrics, options.underPressure, {
      routeOf,
      stats: () => installed.stats()
    })
    if (installed.monitor !== null) monitorRequests(app, installed.monitor)
  }
  const use = app.use
  app.use = function use_(this: ExpressApp, ...args: unknown[]): unknown {
    const result = use.apply(this, args)
    for (const arg of args.flat(Infinity)) {
      if (isExpressApp(arg)) installOnApp(arg, options, installed)
    }
    return result
  }
  return installed
}

/**
 * `metrics`/`underPressure`: every request the app is handed passes the monitor first, before
 * any of the app's middleware (and before Express's own: a shed request costs no more than the
 * 503 it gets). The outermost wrapper of `app.handle`.
 */
function monitorRequests(app: ExpressApp, monitor: Monitor): void {
  const handle = app.handle as (this: ExpressApp, req: object, res: object, callback?: unknown) => void
  app.handle = function handle_(this: ExpressApp, req: object, res: object, callback?: unknown): void {
    if (monitor.admit(res as MonitoredResponse, undefined)) handle.call(this, req, res, callback)
  }
}

/**
 * `app.listen()` starts building every router's index, off the request path: start-up is not
 * delayed, and requests that come before a router's index is built are Express's own.
 */
function warmOnListen(app: ExpressApp, context: InstallContext): void {
  const listen = app.listen
  app.listen = function listen_(this: ExpressApp, ...args: unknown[]): unknown {
    context.warm.schedule(WARM_DELAY_MS)
    return listen.apply(this, args)
  }
}

/**
 * Called from `app.use(pulya())` through Express's sub-app protocol (`mount` event):
 * removes pulya's own layer, undoes a router born in this call, and installs.
 */
export function mountOnApp(app: ExpressApp, options: ResolvedExpressOptions): InstallContext {
  if (typeof app.lazyrouter === 'function') {
    // `app.use` has just created the router if there was none.
    const router = app._router as ExpressRouter
    dropMountLayer(router)
    // Express 4 starts every router with its `query` and `expressInit` layers.
    if (
      isBornEmpty(router, 2) &&
      layerName(router, 0) === 'query' &&
      layerName(router, 1) === 'expressInit'
    ) {
      // Installed without it: it is not the app's router, only a stand-in for a while.
      delete app._router
      const context = installOnApp(app, options)
      app._router = router
      keepProvisionalRouter(app, router)
      return context
    }
  } else {
    const router = app.router as ExpressRouter
    // A router born in this call holds only pulya's layer. It keeps it until the app's code
    // first reaches for its router: code that took the router before calling `app.use` (an
    // agent's patched `app.use` reads the stack's last layer right after) never sees it empty.
    if (isBornEmpty(router, 1) && layerName(router, 0) === MOUNTED_APP) resetLazyRouter(app, router)
    else dropMountLayer(router)
  }
  return installOnApp(app, options)
}

/** Express 4 routers born in `app.use(pulya())`, kept until the app creates its own. */
const provisionalRouters = new WeakMap<ExpressApp, ExpressRouter>()

/**
 * Express 4: the router born in `app.use(pulya())` stays `app._router` until the app's next
 * `lazyrouter()` (its next `use`/`route`/`param`/METHOD call) or its first request, and then
 * goes: Express creates the router again when it would have without pulya, with the settings
 * of that moment, and an app that never adds a route has none, as without pulya. Until then
 * code that reads the router right after `app.use` — an agent's patched `app.use` reads
 * `this._router.stack` — finds the router, as it does without pulya.
 */
function keepProvisionalRouter(app: ExpressApp, router: ExpressRouter): void {
  provisionalRouters.set(app, router)
  const handle = app.handle as (this: ExpressApp, ...args: unknown[]) => unknown
  const handleFirst = function handle_(this: ExpressApp, ...args: unknown[]): unknown {
    dropProvisionalRouter(this)
    // One request is enough: from now on the app's own handle, unwrapped.
    if (this.handle === handleFirst) this.handle = handle
    return handle.apply(this, args)
  }
  app.handle = handleFirst
}

function dropProvisionalRouter(app: ExpressApp): void {
  const router = provisionalRouters.get(app)
  if (router === undefined) return
  provisionalRouters.delete(app)
  if (app._router === router) delete app._router
}

function layerName(router: ExpressRouter, position: number): unknown {
  return (router.stack[position] as { name?: unknown } | undefined)?.name
}

function dropMountLayer(router: ExpressRouter): void {
  const stack = router.stack
  if (layerName(router, stack.length - 1) === MOUNTED_APP) stack.pop()
}

/** A router holding only what Express puts in it at birth, with no param callbacks. */
function isBornEmpty(router: ExpressRouter, initialLayers: number): boolean {
  // Express 4 keeps `router.param(fn)` callbacks in `_params`; Express 5 has none.
  const withParams = router as unknown as { params: object; _params?: unknown[] }
  return (
    router.stack.length === initialLayers &&
    Object.keys(withParams.params).length === 0 &&
    (withParams._params ?? []).length === 0
  )
}

/**
 * Express 5: `app.router` is born on first access with the settings of that moment. The
 * router born in `app.use(pulya())` is kept, but it takes the settings, and loses pulya's
 * layer, only when the app's code first reaches for its router, exactly when Express would
 * have created it.
 */
function resetLazyRouter(app: ExpressApp, born: ExpressRouter): void {
  const settings = born as unknown as { caseSensitive: unknown; strict: unknown }
  const mountLayer = born.stack[0]
  Object.defineProperty(app, 'router', {
    configurable: true,
    enumerable: true,
    get(this: ExpressApp): ExpressRouter {
      const stack = born.stack
      const at = stack.indexOf(mountLayer as ExpressLayer)
      if (at !== -1) stack.splice(at, 1)
      settings.caseSensitive = this.enabled('case sensitive routing')
      settings.strict = this.enabled('strict routing')
      Object.defineProperty(this, 'router', { configurable: true, enumerable: true, get: () => born })
      return born
    }
  })
}
