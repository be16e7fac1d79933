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
    const route = layer.route as { methods: Record<string, boolean> } | undefined
    if (route !== undefined) {
      const methods = Object.keys(route.methods).filter((m) => route.methods[m]).map((m) => (m === '_all' ? 'ALL' : m.toUpperCase()))
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

/** What `--samples` gives for one template: param values, query and headers of one request. */
export interface Sample {
  params?: Record<string, string>
  query?: Record<string, string>
  headers?: Record<string, string>
}

/** `--samples`: per template, one sample or several. */
export type Samples = Record<string, Sample | Sample[]>

/** One request `check` sends. */
export interface CheckTarget {
  template: string
  path: string
  headers: Record<string, string>
}

/**
 * A concrete path for a template: params from `params`, else placeholders (`1`, wildcards `x`);
 * undefined when the template holds what cannot be filled with certainty.
 */
export function samplePath(template: string, params: Record<string, string> = {}): string | undefined {
  const fill = (values: Record<string, string>): string => template
    .replace(/[{}]/g, '')
    .replace(/:([A-Za-z_$][\w$]*)\??/g, (_m, name: string) => values[name] ?? '1')
    .replace(/\*([A-Za-z_$][\w$]*)/g, (_m, name: string) => values[name] ?? 'x')
  // The template's own syntax is judged with placeholders, before any sample value goes in.
  if (/[()[\]*?+|\\]/.test(fill({}))) return undefined
  const encoded: Record<string, string> = {}
  for (const [name, value] of Object.entries(params)) encoded[name] = encodeURIComponent(value)
  const path = fill(encoded)
  return path === '' ? '/' : path
}

/**
 * The requests `check` sends: GET (or ALL) routes whose template is readable, one per sample
 * given for the template, else one with placeholders. An app without any route (middleware
 * only, like Koa's hello world) gets `GET /`: all it answers is what its middleware does.
 */
export function checkTargets(routes: readonly RouteInfo[], samples: Samples = {}): CheckTarget[] {
  const seen = new Set<string>()
  const targets: CheckTarget[] = []
  if (routes.length === 0) return [{ template: '/', path: '/', headers: {} }]
  for (const route of routes) {
    if (!route.exact || !(route.methods.includes('GET') || route.methods.includes('ALL')) || seen.has(route.path)) continue
    seen.add(route.path)
    const given = samples[route.path]
    for (const sample of given === undefined ? [{}] : Array.isArray(given) ? given : [given]) {
      const path = samplePath(route.path, sample.params)
      if (path === undefined) continue
      const query = new URLSearchParams(sample.query ?? {}).toString()
      targets.push({ template: route.path, path: query === '' ? path : `${path}?${query}`, headers: sample.headers ?? {} })
    }
  }
  return targets
}

/** Reads a `--samples` document. @throws Error with one line saying what is wrong */
export function parseSamples(text: string): Samples {
  const value = JSON.parse(text) as unknown
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('samples: expected an object { "<route template>": { params, query, headers } }')
  return value as Samples
}
