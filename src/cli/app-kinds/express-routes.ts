/**
 * An Express app's routes, read from its routers' layers (templates by layerTemplate,
 * express/layer-pattern.ts, the one home of that reading), and the route answering a request,
 * found with Express's own layer matchers.
 */
import { layerTemplate, type ExpressLayer } from '../../express/layer-pattern.js'
import type { RouteInfo } from '../routes.js'

/** Where a mounted sub-app is recorded on Express's `mounted_app` handle (see express.ts, beforeLoad). */
export const SUB_APP = Symbol.for('pulya.cli.subApp')

type Layer = ExpressLayer & { keys?: unknown; name?: string }

/** An app's router, or undefined when it has none yet (Express 4 before its first use/route). */
export function expressRouter(app: unknown): { stack?: Layer[] } | undefined {
  const host = app as { _router?: { stack?: Layer[] }; router?: { stack?: Layer[] }; lazyrouter?: unknown }
  // Express 4 keeps it on _router (its `router` getter throws); Express 5's `router` getter
  // builds it on first read.
  return typeof host.lazyrouter === 'function' ? host._router : host.router
}

/** Every route of an Express app, mounts, nested routers and recorded sub-apps walked. */
export function expressRoutes(app: unknown): RouteInfo[] {
  const routes: RouteInfo[] = []
  walkExpress(expressRouter(app), '', true, routes)
  return routes
}

function walkExpress(
  router: { stack?: Layer[] } | undefined,
  prefix: string,
  exact: boolean,
  routes: RouteInfo[]
): void {
  for (const layer of router?.stack ?? []) {
    const template = layerTemplate(layer)
    const tail = template ?? '<regexp>'
    // A route '/' under a mount '/users' answers '/users'.
    const path = prefix !== '' && tail === '/' ? prefix : prefix + tail
    const here = exact && template !== undefined
    const route = layer.route as { methods: Record<string, boolean> } | undefined
    if (route !== undefined) {
      const methods = Object.keys(route.methods)
        .filter((m) => route.methods[m])
        .map((m) => (m === '_all' ? 'ALL' : m.toUpperCase()))
      routes.push({ methods, path: path === '' ? '/' : path, exact: here })
      continue
    }
    const handle = layer.handle as { stack?: Layer[]; [SUB_APP]?: unknown }
    const subApp = handle[SUB_APP]
    const mount = path === '/' ? '' : path
    if (subApp !== undefined) walkExpress(expressRouter(subApp), mount, here, routes)
    else if (Array.isArray(handle.stack)) walkExpress(handle, mount, here, routes)
  }
}

/** Express 4's first two layers, which every router it makes for an app starts with. */
const BUILT_IN = new Set(['query', 'expressInit'])

/** True when the app's router holds nothing the app added (no route, no middleware). */
export function expressIsEmpty(app: unknown): boolean {
  return (expressRouter(app)?.stack ?? []).every((layer) => BUILT_IN.has(layer.name ?? ''))
}

/**
 * The template of the route that answers `method path` in an Express app, found with its own
 * matchers in the order Express tries them (each layer's match(), mounts trimmed as Express
 * trims them); null when no route does. The template is the one expressRoutes lists.
 * @example findExpressRoute(app, 'GET', '/users/42') // '/users/:id'
 */
export function findExpressRoute(app: unknown, method: string, path: string): string | null {
  return findExpress(expressRouter(app), method, path, '')
}

function findExpress(
  router: { stack?: Layer[] } | undefined,
  method: string,
  path: string,
  prefix: string
): string | null {
  for (const layer of router?.stack ?? []) {
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
      const full = prefix !== '' && template === '/' ? prefix : prefix + template
      return full === '' ? '/' : full
    }
    const handle = layer.handle as { stack?: Layer[]; [SUB_APP]?: unknown }
    const inner =
      handle[SUB_APP] !== undefined
        ? expressRouter(handle[SUB_APP])
        : Array.isArray(handle.stack)
          ? handle
          : undefined
    if (inner === undefined) continue
    // The matched prefix is trimmed as Express trims it; a readable mount path only matches up
    // to a "/" or the end (its matcher's own lookahead), the boundary Express checks again.
    const matched = (result === true ? (layer as { path?: string }).path : result.path) ?? ''
    const rest = path.slice(matched.length)
    const mount = prefix + (template === '/' ? '' : template)
    const found = findExpress(inner, method, rest.startsWith('/') ? rest : `/${rest}`, mount)
    if (found !== null) return found
  }
  return null
}
