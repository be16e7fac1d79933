/**
 * `routeOf(req)`: the full template of the Express route that answered a request, with every
 * mount prefix of sub-apps and routers, in the app's own syntax (`/api/users/:id`).
 *
 * Nothing is recorded per request: the template is computed when asked. Express keeps the
 * route that dispatched last on `req.route` (after `next('route')`, the one that finally
 * answered; after a throw, the one that threw) and the (sub-)app on `req.app`; sub-apps know
 * their `mountpath` and `parent`. Routers do not know where they are mounted, so the app's
 * router tree is searched once per route object for the mounts leading to it (the templates
 * of those layers, read by {@link layerTemplate}) and the answer is remembered.
 */
import { layerTemplate, type ExpressLayer } from './layer-pattern.js'

interface Stacked { stack?: unknown }
interface AppLike { _router?: Stacked; router?: Stacked; mountpath?: unknown; parent?: unknown }
interface RequestLike { route?: unknown; app?: unknown }

/**
 * The full template of each route object answered in an app (`null`: none), per app. Keyed by
 * the app, not its router: reading `app._router ?? app.router` per request is two lookups on a
 * function object with Express's many properties (one of them a miss on the whole chain).
 */
const found = new WeakMap<object, WeakMap<object, string | null>>()

/** Joins mount prefixes: a root mount (`''` or `'/'`) adds nothing. */
function join(prefix: string, path: string): string {
  return (prefix === '/' ? '' : prefix) + (path === '/' ? '' : path)
}

/** The prefix of the mounts from `stack` down to the router holding `route`, or `undefined`. */
function search(stack: unknown, route: object, seen: Set<unknown>): string | undefined {
  if (!Array.isArray(stack) || seen.has(stack)) return undefined
  seen.add(stack)
  for (const layer of stack as ExpressLayer[]) {
    if (layer.route === route) return ''
    if (layer.route !== undefined) continue
    const inner = (layer.handle as Stacked | null | undefined)?.stack
    if (inner === undefined) continue
    const below = search(inner, route, seen)
    if (below === undefined) continue
    const mount = layerTemplate(layer)
    if (mount === undefined) return undefined
    return join(mount, below)
  }
  return undefined
}

/** The prefix of `app`'s own mounts: its `mountpath` and those of its parents. */
function appPrefix(app: AppLike): string | undefined {
  let prefix = ''
  for (let current = app; current.parent !== undefined; current = current.parent as AppLike) {
    if (typeof current.mountpath !== 'string') return undefined
    prefix = join(current.mountpath, prefix)
  }
  return prefix
}

/**
 * The template of the Express route that answered `req`, or `undefined` when no route
 * answered (a plain middleware, a 404) or the template cannot be told (a RegExp path).
 *
 * @example
 * app.use((req, res, next) => { res.on('finish', () => log(routeOf(req))); next() })
 * // '/api/users/:id'
 */
export function routeOf(req: object): string | undefined {
  const { route, app } = req as RequestLike
  if (route === null || typeof route !== 'object' || typeof (route as { path?: unknown }).path !== 'string') return undefined
  if (app === null || typeof app !== 'object' && typeof app !== 'function') return undefined
  let memo = found.get(app)
  if (memo === undefined) found.set(app, memo = new WeakMap())
  let template = memo.get(route)
  if (template === undefined) {
    template = templateOf(app, route as { path: string })
    memo.set(route, template)
  }
  return template ?? undefined
}

/** The full template of `route` in `app`, or `null`; computed once per route object and app. */
function templateOf(app: AppLike, route: { path: string }): string | null {
  const mounts = search((app._router ?? app.router)?.stack, route, new Set())
  if (mounts === undefined) return null
  const prefix = appPrefix(app)
  if (prefix === undefined) return null
  const full = join(prefix, mounts)
  // A route '/' under a mount answers at the mount's own path. The same string object every
  // time: V8 keeps its hash, so the metrics recorder's Map lookup does not hash it again.
  return full !== '' && route.path === '/' ? full : full + route.path
}
