/**
 * Route discovery: every route of a loaded Express or Koa app with its full template. Express's
 * route tree is walked by express/routing/route-tree.ts (shared with `routeOf`), its layers read
 * by layerTemplate (express/routing/layer-pattern.ts), the one home of each.
 */
import { layerTemplate, type ExpressLayer } from '../express/routing/layer-pattern.js'
import {
  UNREADABLE,
  appStack,
  innerStack,
  joinMount,
  routeTemplate,
  walkRouteTree
} from '../express/routing/route-tree.js'
import { appKind, type AppKind } from './app-loader.js'

/** One route: its methods (upper case, `ALL` for `all()`) and full template. */
export interface RouteInfo {
  methods: string[]
  path: string
  /** False when part of the template could not be read (a RegExp path): shown, never requested. */
  exact: boolean
}

type Layer = ExpressLayer & { keys?: unknown; name?: string }

/** Every route of `app`, in the order the host tries them. */
export function discoverRoutes(app: unknown, kind: AppKind | undefined = appKind(app)): RouteInfo[] {
  const routes: RouteInfo[] = []
  if (kind === 'express') walkExpress(app, routes)
  else if (kind === 'koa') walkKoa(app as { middleware: unknown[] }, routes)
  return routes
}

function walkExpress(app: unknown, routes: RouteInfo[]): void {
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
}

interface KoaLayer {
  path: unknown
  methods: string[]
}

function walkKoa(app: { middleware: unknown[] }, routes: RouteInfo[]): void {
  for (const middleware of app.middleware) {
    const router = (middleware as { router?: { stack?: KoaLayer[] } }).router
    for (const layer of router?.stack ?? []) {
      // Middleware layers (router.use) have no methods; nested routers' layers carry the prefix.
      if (layer.methods.length === 0) continue
      const exact = typeof layer.path === 'string'
      routes.push({
        methods: [...layer.methods],
        path: exact ? (layer.path as string) : String(layer.path),
        exact
      })
    }
  }
}

/** The routes as an aligned text table. */
export function formatRoutes(routes: readonly RouteInfo[]): string {
  const rows = routes.map(
    (r) => [r.methods.join(','), r.path + (r.exact ? '' : '  (not readable: never requested)')] as const
  )
  const width = Math.max(6, ...rows.map(([m]) => m.length))
  return (
    ['METHOD'.padEnd(width) + '  PATH', ...rows.map(([m, p]) => m.padEnd(width) + '  ' + p)].join('\n') + '\n'
  )
}

/**
 * The template of the route that answers `method path` in `app`, found with the host's own
 * matchers in the order the host tries them (Express: each layer's match(), mounts trimmed as
 * Express trims them; Koa: each @koa/router's match()); null when no route does (a path only
 * middleware answers, or a 404). The template is the one discoverRoutes lists.
 * @example findRoute(app, 'express', 'GET', '/users/42') // '/users/:id'
 */
export function findRoute(
  app: unknown,
  kind: AppKind | undefined,
  method: string,
  path: string
): string | null {
  const pathname = path.split('?')[0] as string
  if (kind === 'express') return findExpress(appStack(app), method, pathname, '')
  if (kind === 'koa') return findKoa(app as { middleware: unknown[] }, method, pathname)
  return null
}

function findExpress(
  stack: readonly Layer[] | undefined,
  method: string,
  path: string,
  prefix: string
): string | null {
  for (const layer of stack ?? []) {
    const template = layerTemplate(layer)
    // Routes and mounts whose path cannot be read (a RegExp) are never requested: see discoverRoutes.
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

function findKoa(app: { middleware: unknown[] }, method: string, path: string): string | null {
  for (const middleware of app.middleware) {
    const router = (
      middleware as { router?: { match(path: string, method: string): { pathAndMethod: KoaLayer[] } } }
    ).router
    const layer = router?.match(path, method).pathAndMethod.find((l) => l.methods.length > 0)
    if (layer !== undefined && typeof layer.path === 'string') return layer.path
  }
  return null
}
