/**
 * Route discovery: every route of a loaded Express or Koa app with its full template. Express
 * layers are read by layerTemplate (express/layer-pattern.ts), the one home of that reading.
 */
import { layerTemplate, type ExpressLayer } from '../express/layer-pattern.js'
import { SUB_APP, appKind, type AppKind } from './load.js'

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
  if (kind === 'express') walkExpress(expressRouter(app), '', true, routes)
  else if (kind === 'koa') walkKoa(app as { middleware: unknown[] }, routes)
  return routes
}

function expressRouter(app: unknown): { stack?: Layer[] } | undefined {
  const host = app as { _router?: { stack?: Layer[] }; router?: { stack?: Layer[] } }
  // Express 4 keeps it on _router; Express 5's `router` getter builds it on first read.
  return host._router ?? host.router
}

function walkExpress(router: { stack?: Layer[] } | undefined, prefix: string, exact: boolean, routes: RouteInfo[]): void {
  for (const layer of router?.stack ?? []) {
    const template = layerTemplate(layer)
    const tail = template ?? '<regexp>'
    // A route '/' under a mount '/users' answers '/users'.
    const path = prefix !== '' && tail === '/' ? prefix : prefix + tail
    const here = exact && template !== undefined
    const route = layer.route as { methods?: Record<string, boolean> } | undefined
    if (route !== undefined) {
      const methods = Object.keys(route.methods ?? {}).filter((m) => route.methods?.[m] === true).map((m) => (m === '_all' ? 'ALL' : m.toUpperCase()))
      routes.push({ methods, path: path === '' ? '/' : path, exact: here })
      continue
    }
    const handle = layer.handle as { stack?: Layer[]; [SUB_APP]?: unknown }
    const subApp = handle[SUB_APP]
    if (subApp !== undefined) walkExpress(expressRouter(subApp), path === '/' ? '' : path, here, routes)
    else if (Array.isArray(handle.stack)) walkExpress(handle, path === '/' ? '' : path, here, routes)
  }
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
      routes.push({ methods: [...layer.methods], path: exact ? (layer.path as string) : String(layer.path), exact })
    }
  }
}

/** The routes as an aligned text table. */
export function formatRoutes(routes: readonly RouteInfo[]): string {
  const rows = routes.map((r) => [r.methods.join(','), r.path + (r.exact ? '' : '  (not readable: never requested)')] as const)
  const width = Math.max(6, ...rows.map(([m]) => m.length))
  return ['METHOD'.padEnd(width) + '  PATH', ...rows.map(([m, p]) => m.padEnd(width) + '  ' + p)].join('\n') + '\n'
}

/**
 * A concrete path for a template, params filled with placeholders (`1`), wildcards with `x`;
 * undefined when the template holds what cannot be filled with certainty.
 */
export function samplePath(template: string): string | undefined {
  const path = template
    .replace(/[{}]/g, '')
    .replace(/:[A-Za-z_$][\w$]*\??/g, '1')
    .replace(/\*[A-Za-z_$][\w$]*/g, 'x')
  if (/[()[\]*?+|\\]/.test(path)) return undefined
  return path === '' ? '/' : path
}

/** The routes `check` requests: GET (or ALL) routes whose template is readable, one path each. */
export function checkTargets(routes: readonly RouteInfo[]): Array<{ template: string; path: string }> {
  const seen = new Set<string>()
  const targets: Array<{ template: string; path: string }> = []
  for (const route of routes) {
    if (!route.exact || !(route.methods.includes('GET') || route.methods.includes('ALL'))) continue
    const path = samplePath(route.path)
    if (path === undefined || seen.has(route.path)) continue
    seen.add(route.path)
    targets.push({ template: route.path, path })
  }
  return targets
}
