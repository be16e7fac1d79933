/**
 * An Express app's routes and the route answering a request. The route tree is walked by
 * express/routing/route-tree.ts (shared with `routeOf`), its layers read by layerTemplate
 * (express/routing/layer-pattern.ts), the one home of each; the matching is Express's own
 * layers' `match`.
 */
import { layerTemplate, type ExpressLayer } from '../../express/routing/layer-pattern.js'
import {
  UNREADABLE,
  appStack,
  innerStack,
  joinMount,
  routeTemplate,
  walkRouteTree
} from '../../express/routing/route-tree.js'
import type { RouteInfo } from '../routes.js'

type Layer = ExpressLayer & { name?: string }

/** Every route of an Express app, mounts, nested routers and recorded sub-apps walked. */
export function expressRoutes(app: unknown): RouteInfo[] {
  const routes: RouteInfo[] = []
  walkRouteTree(appStack(app), (layer, prefix, exact) => {
    const route = layer.route as { methods: Record<string, boolean> } | undefined
    if (route === undefined) return false
    const template = layerTemplate(layer)
    const path = routeTemplate(prefix, template ?? UNREADABLE)
    const methods = Object.keys(route.methods)
      .filter((m) => route.methods[m])
      .map((m) => (m === '_all' ? 'ALL' : m.toUpperCase()))
    routes.push({ methods, path: path === '' ? '/' : path, exact: exact && template !== undefined })
    return false
  })
  return routes
}

/** Express 4's first two layers, which every router it makes for an app starts with. */
const BUILT_IN = new Set(['query', 'expressInit'])

/** True when the app's router holds nothing the app added (no route, no middleware). */
export function expressIsEmpty(app: unknown): boolean {
  return (appStack(app) ?? []).every((layer: Layer) => BUILT_IN.has(layer.name ?? ''))
}

/**
 * The template of the route that answers `method path` in an Express app, found with its own
 * matchers in the order Express tries them (each layer's match(), mounts trimmed as Express
 * trims them); null when no route does. The template is the one expressRoutes lists.
 * @example findExpressRoute(app, 'GET', '/users/42') // '/users/:id'
 */
export function findExpressRoute(app: unknown, method: string, path: string): string | null {
  return findExpress(appStack(app), method, path, '')
}

function findExpress(
  stack: readonly Layer[] | undefined,
  method: string,
  path: string,
  prefix: string
): string | null {
  for (const layer of stack ?? []) {
    const template = layerTemplate(layer)
    // Routes and mounts whose path cannot be read (a RegExp) are never requested: see expressRoutes.
    if (template === undefined) continue
    // Express 4 (and router 2.0-2.1) answer true and leave the matched part on layer.path; newer routers return it.
    let result: boolean | { path: string } | undefined
    try {
      result = layer.match(path) as typeof result
    } catch {
      // A param that is not valid percent-encoding: Express answers 400 whatever the route.
      return null
    }
    if (result === false || result === undefined) continue
    // The route's own method test (HEAD answered by GET, all()): router 2 (Express 5) names it _handlesMethod.
    const route = layer.route as
      | { _handlesMethod?: (method: string) => boolean; _handles_method?: (method: string) => boolean }
      | undefined
    if (route !== undefined) {
      if ((route._handlesMethod ?? route._handles_method)?.call(route, method) !== true) continue
      const full = routeTemplate(prefix, template)
      return full === '' ? '/' : full
    }
    const inner = innerStack(layer)
    if (inner === undefined) continue
    // The matched prefix is trimmed as Express trims it; a readable mount path only matches up
    // to a "/" or the end (its matcher's own lookahead), the boundary Express checks again.
    const matched = (result === true ? (layer as { path?: string }).path : result.path) ?? ''
    const rest = path.slice(matched.length)
    const found = findExpress(
      inner,
      method,
      rest.startsWith('/') ? rest : `/${rest}`,
      joinMount(prefix, template)
    )
    if (found !== null) return found
  }
  return null
}
