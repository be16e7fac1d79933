/**
 * The route tree of an Express app: its router's layers, and below each mount the layers of the
 * nested router or sub-app it runs, each visited with the template of the mounts above it. One
 * walk serves `routeOf` (which mounts lead to a route) and `pulya routes` (every route with its
 * full template).
 *
 * A nested router is its layer's `handle` (it has a `stack`). A sub-app is not reachable from its
 * layer — Express mounts it behind a closure named `mounted_app` — so whoever sees `app.use(subApp)`
 * records the sub-app of that layer ({@link recordMountedApps}: pulya's install for sub-apps
 * mounted after it, and `pulya routes` before it loads an app); the walk then enters the
 * sub-app's router like any nested one.
 */
import { layerTemplate, type ExpressLayer } from './layer-pattern.js'

/** The name of Express's layer for `app.use(subApp)` (the sub-app runs behind that closure). */
export const MOUNTED_APP = 'mounted_app'

/** Stands for a mount or route path that cannot be read back (a RegExp) in a template. */
export const UNREADABLE = '<regexp>'

/** An Express app, as the walk reads it: Express 4 keeps its router on `_router`, Express 5 on `router`. */
interface AppLike {
  _router?: { stack?: unknown }
  router?: { stack?: unknown }
}

/**
 * Called for every layer of the tree, in the order Express tries them, with the template of the
 * mounts above it (`''` at the top) and whether every one of those mounts could be read back.
 * @returns `true` to stop the walk there
 */
export type RouteTreeVisitor = (layer: ExpressLayer, prefix: string, exact: boolean) => boolean

/** The sub-app behind each recorded `mounted_app` layer, by the layer's `handle`. */
const mountedApps = new WeakMap<object, object>()

/**
 * The layers of `app`'s router, or `undefined` when it has none. Express 5's `router` getter
 * creates the router on first read, as Express does on the app's first request.
 */
export function appStack(app: unknown): ExpressLayer[] | undefined {
  const host = app as AppLike
  const stack = (host._router ?? host.router)?.stack
  return Array.isArray(stack) ? (stack as ExpressLayer[]) : undefined
}

/**
 * Records the sub-apps `parent.use(...)` has just mounted: each is behind one of the last
 * `apps.length` layers of `parent`'s router, in order (pulya's own middleware, which Express also
 * treats as a sub-app, has taken its layer out again by then).
 *
 * @example
 * const result = use.apply(app, args)
 * recordMountedApps(app, args.flat(Infinity).filter(isExpressApp))
 */
export function recordMountedApps(parent: unknown, apps: readonly object[]): void {
  if (apps.length === 0) return
  const stack = appStack(parent)
  if (stack === undefined) return
  let at = stack.length - apps.length
  for (const app of apps) {
    const layer: (ExpressLayer & { name?: unknown }) | undefined = stack[at++]
    if (layer?.name === MOUNTED_APP && typeof layer.handle === 'function') mountedApps.set(layer.handle, app)
  }
}

/**
 * The layers a layer leads into: a nested router's, or a recorded sub-app's router's;
 * `undefined` for a route or any other handler.
 */
export function innerStack(layer: ExpressLayer): ExpressLayer[] | undefined {
  if (layer.route !== undefined) return undefined
  const handle = layer.handle as { stack?: unknown } | null | undefined
  if (handle === null || handle === undefined) return undefined
  const app = mountedApps.get(handle)
  if (app !== undefined) return appStack(app)
  return Array.isArray(handle.stack) ? (handle.stack as ExpressLayer[]) : undefined
}

/** Joins a mount's template to the prefix above it: a root mount (`''` or `'/'`) adds nothing. */
export function joinMount(prefix: string, mount: string): string {
  return (prefix === '/' ? '' : prefix) + (mount === '/' ? '' : mount)
}

/** A route's full template under `prefix`: a route `'/'` under a mount answers at the mount's own path. */
export function routeTemplate(prefix: string, path: string): string {
  return prefix !== '' && path === '/' ? prefix : prefix + path
}

/**
 * Visits every layer under `stack`, depth first in the order Express tries them: a mount's
 * nested router or sub-app right after the mount itself. A router met again inside itself is not
 * entered again; one mounted at two places is walked at each.
 *
 * @param prefix - the template of the mounts above `stack`
 * @returns whether a visit stopped the walk
 * @example
 * walkRouteTree(appStack(app), (layer, prefix) => {
 *   if (layer.route !== undefined) console.log(routeTemplate(prefix, layerTemplate(layer) ?? UNREADABLE))
 *   return false
 * })
 */
export function walkRouteTree(stack: unknown, visit: RouteTreeVisitor, prefix = '', exact = true): boolean {
  return walk(stack, visit, prefix, exact, [])
}

function walk(
  stack: unknown,
  visit: RouteTreeVisitor,
  prefix: string,
  exact: boolean,
  above: unknown[]
): boolean {
  if (!Array.isArray(stack) || above.includes(stack)) return false
  above.push(stack)
  for (const layer of stack as ExpressLayer[]) {
    if (visit(layer, prefix, exact)) return true
    const inner = innerStack(layer)
    if (inner === undefined) continue
    const mount = layerTemplate(layer)
    if (walk(inner, visit, joinMount(prefix, mount ?? UNREADABLE), exact && mount !== undefined, above))
      return true
  }
  above.pop()
  return false
}
