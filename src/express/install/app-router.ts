/**
 * The app's own router: accelerated when Express creates it, and the provisional router that
 * `app.use(pulya())` itself may create (MIGRATION.md#install).
 *
 * Express creates an app's router on the first `app.use`/`app.METHOD`/`app.route`/`app.param`
 * call and reads `case sensitive routing`, `strict routing` (and, in Express 4, `query parser`)
 * at that moment. `app.use(pulya())` as the first line must not move that moment: when the
 * router was born in that very call, it is only provisional, and Express creates the app's real
 * router again, lazily, exactly when it would have without pulya.
 *
 * This module makes the wrapped members; install.ts applies them, in its one ordered list.
 */
import { accelerateRouter, type ExpressRouter, type RouterGroup } from '../routing/router-dispatch.js'
import type { ExpressLayer } from '../routing/layer-pattern.js'
import { MOUNTED_APP } from '../routing/route-tree.js'

/** The parts of an Express 4 or 5 application this module reads. */
export interface AppWithRouter {
  handle: unknown
  enabled: (setting: string) => boolean
  lazyrouter?: () => void
  _router?: ExpressRouter
  router?: ExpressRouter
}

/** The router `app.use(pulya())` created, kept until the app's code first reaches for its own. */
export interface ProvisionalRouter {
  readonly router: ExpressRouter
  /** Express 4 keeps it as `app._router`; Express 5 behind the lazy `app.router` getter. */
  readonly major: 4 | 5
}

/** Express 4 apps and the router born in their `app.use(pulya())`, until the app creates its own. */
const provisionalRouters = new WeakMap<object, ExpressRouter>()

/**
 * Express 4's `app.lazyrouter` that accelerates the router it creates; it first lets go of a
 * provisional router, so Express creates the app's real one with the settings of that moment.
 */
export function withRouterAcceleration(
  lazyrouter: (this: AppWithRouter) => void,
  group: RouterGroup
): (this: AppWithRouter) => void {
  return function lazyrouterAccelerated(this: AppWithRouter): void {
    dropProvisionalRouter(this)
    lazyrouter.call(this)
    accelerateRouter(this._router as ExpressRouter, group)
  }
}

/**
 * Express 5's lazy `app.router` getter that accelerates the router it returns, then gives the
 * getter it wrapped back — unless that getter has already replaced itself (a provisional router).
 */
export function acceleratingRouterGetter(
  descriptor: PropertyDescriptor,
  group: RouterGroup
): PropertyDescriptor {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the app as `this` below
  const getter = descriptor.get as (this: AppWithRouter) => ExpressRouter
  const wrapper = function getrouter(this: AppWithRouter): ExpressRouter {
    const router = getter.call(this)
    accelerateRouter(router, group)
    if (Object.getOwnPropertyDescriptor(this, 'router')?.get === wrapper)
      Object.defineProperty(this, 'router', descriptor)
    return router
  }
  return { configurable: true, enumerable: true, get: wrapper }
}

/**
 * The router `app.use(pulya())` created in this call, or `null` when the app's router was there
 * before (or holds more than pulya's layer and Express's own). Called from the `mount` event,
 * right after Express pushed pulya's own layer: Express 4 loses that layer here; Express 5 keeps
 * it in a provisional router until the app's code first reaches for its router (code that took
 * the router before calling `app.use` — an agent's patched `app.use` reads the stack's last layer
 * right after — never sees it empty).
 *
 * Express 4's provisional router is taken off the app here (`_router` set to `undefined`, which
 * Express 4 reads as "no router yet"), while the install adds its properties, and
 * {@link keepProvisionalRouter} puts it back.
 */
export function takeMountedRouter(app: AppWithRouter): ProvisionalRouter | null {
  if (typeof app.lazyrouter === 'function') {
    // `app.use` has just created the router if there was none.
    const router = app._router as ExpressRouter
    dropMountLayer(router)
    // Express 4 starts every router with its `query` and `expressInit` layers.
    const born =
      isBornEmpty(router, 2) && layerName(router, 0) === 'query' && layerName(router, 1) === 'expressInit'
    if (!born) return null
    app._router = undefined
    return { router, major: 4 }
  }
  const router = app.router as ExpressRouter
  if (isBornEmpty(router, 1) && layerName(router, 0) === MOUNTED_APP) return { router, major: 5 }
  dropMountLayer(router)
  return null
}

/**
 * Express 4: the router born in `app.use(pulya())` goes back on the app, as its last property,
 * until the app's next `lazyrouter()` or first request lets go of it. Until then code that reads
 * the router right after `app.use` — an agent's patched `app.use` reads `this._router.stack` —
 * finds it, as it does without pulya. Letting go of it assigns `undefined` rather than deleting:
 * from Node 22 on V8 turns an object into a dictionary on any `delete` (Node 20's V8 still
 * stepped back a shape for the last-added property), and Express 4 reads the app's properties
 * on every request. The one trace is an own `_router` property holding `undefined`, which
 * Express 4 (`if (!this._router)`) treats as no router.
 */
export function keepProvisionalRouter(app: AppWithRouter, router: ExpressRouter): void {
  app._router = router
  provisionalRouters.set(app, router)
}

/**
 * Express 4: `app.handle` that, on the app's first request, lets go of the provisional router
 * (an app that never added a route then has none, as without pulya) and puts back the `handle`
 * it wrapped: one request is enough.
 */
export function withProvisionalRouter(
  handle: (this: AppWithRouter, ...args: unknown[]) => unknown
): (this: AppWithRouter, ...args: unknown[]) => unknown {
  const handleDroppingProvisionalRouter = function handleDroppingProvisionalRouter(
    this: AppWithRouter,
    ...args: unknown[]
  ): unknown {
    dropProvisionalRouter(this)
    if (this.handle === handleDroppingProvisionalRouter) this.handle = handle
    return handle.apply(this, args)
  }
  return handleDroppingProvisionalRouter
}

/**
 * Express 5: the `app.router` getter that keeps the router born in `app.use(pulya())`; it takes
 * the settings, and loses pulya's layer, only when the app's code first reaches for its router,
 * exactly when Express would have created it.
 */
export function provisionalRouterGetter(born: ExpressRouter): PropertyDescriptor {
  const settings = born as unknown as { caseSensitive: unknown; strict: unknown }
  const mountLayer = born.stack[0]
  return {
    configurable: true,
    enumerable: true,
    get(this: AppWithRouter): ExpressRouter {
      const stack = born.stack
      const at = stack.indexOf(mountLayer as ExpressLayer)
      if (at !== -1) stack.splice(at, 1)
      settings.caseSensitive = this.enabled('case sensitive routing')
      settings.strict = this.enabled('strict routing')
      Object.defineProperty(this, 'router', { configurable: true, enumerable: true, get: () => born })
      return born
    }
  }
}

function dropProvisionalRouter(app: AppWithRouter): void {
  const router = provisionalRouters.get(app)
  if (router === undefined) return
  provisionalRouters.delete(app)
  if (app._router === router) app._router = undefined
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
