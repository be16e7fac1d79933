/**
 * `routeOf(req)`: the full template of the Express route that answered a request, with every
 * mount prefix of sub-apps and routers, in the app's own syntax (`/api/users/:id`).
 *
 * Nothing is recorded per request: the template is computed when asked. Express keeps the
 * route that dispatched last on `req.route` (after `next('route')`, the one that finally
 * answered; after a throw, the one that threw) and the (sub-)app on `req.app`; sub-apps know
 * their `mountpath` and `parent`. Routers do not know where they are mounted, so the app's
 * route tree (route-tree.ts) is walked once per route object for the mounts leading to it and
 * the answer is remembered.
 */
import { appStack, joinMount, routeTemplate, walkRouteTree } from './route-tree.js'

interface AppLike {
  mountpath?: unknown
  parent?: unknown
}
interface RequestLike {
  route?: unknown
  app?: unknown
}

/** What {@link routeOf} found for a route object: its template in the app it answered first. */
interface Found {
  readonly app: object
  /** `null`: the template cannot be told. */
  readonly template: string | null
  /** Its templates in other apps (a router mounted in two apps), made when one appears. */
  others: WeakMap<object, string | null> | null
}

/**
 * Per route object, its full template. Keyed by the route alone (one lookup per request: the
 * request path's cost with hundreds of routes is in the memory each lookup touches), with the
 * app it was found in checked, since a router mounted in two apps has two templates per route.
 */
const found = new WeakMap<object, Found>()

/** The prefix of `app`'s own mounts: its `mountpath` and those of its parents. */
function appPrefix(app: AppLike): string | undefined {
  let prefix = ''
  for (let current = app; current.parent !== undefined; current = current.parent as AppLike) {
    if (typeof current.mountpath !== 'string') return undefined
    prefix = joinMount(current.mountpath, prefix)
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
  if (route === null || typeof route !== 'object' || typeof (route as { path?: unknown }).path !== 'string')
    return undefined
  if (app === null || (typeof app !== 'object' && typeof app !== 'function')) return undefined
  const known = found.get(route)
  if (known !== undefined && known.app === app) return known.template ?? undefined
  return remember(app, route as { path: string }, known) ?? undefined
}

/** Finds the template of `route` in `app` and keeps it. */
function remember(app: AppLike, route: { path: string }, known: Found | undefined): string | null {
  if (known === undefined) {
    const template = templateOf(app, route)
    found.set(route, { app, template, others: null })
    return template
  }
  const others = (known.others ??= new WeakMap())
  let template = others.get(app)
  if (template === undefined) others.set(app, (template = templateOf(app, route)))
  return template
}

/** The full template of `route` in `app`, or `null`; computed once per route object and app. */
function templateOf(app: AppLike, route: { path: string }): string | null {
  const prefix = appPrefix(app)
  if (prefix === undefined) return null
  let template: string | null = null
  walkRouteTree(
    appStack(app),
    (layer, mounts, exact) => {
      if (layer.route !== route) return false
      // The same string object every time (it is remembered): V8 keeps its hash, so the metrics
      // recorder's Map lookup does not hash it again.
      if (exact) template = routeTemplate(mounts, route.path)
      return true
    },
    prefix
  )
  return template
}
