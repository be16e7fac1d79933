/**
 * The requests `check` sends and `bench` replays, from the discovered routes and what the user
 * gives: `--samples`, an OpenAPI document or a HAR file (already matched to the app's templates,
 * see spec-match.ts), `--methods`; placeholders for everything else. Pure: tested in-process.
 */
import type { RouteInfo } from './routes.js'

/** What `--samples` gives for one template: the parts of one request. */
export interface Sample {
  /** Default: the request goes out with every method the run sends to the route. */
  method?: string
  params?: Record<string, string>
  query?: Record<string, string>
  headers?: Record<string, string>
  /** A string is sent as is; anything else as JSON (with `content-type: application/json`). */
  body?: unknown
}

/** `--samples`: per template, one sample or several. */
export type Samples = Record<string, Sample | Sample[]>

/** One request `check` sends (and `bench` replays). */
export interface CheckTarget {
  /** The route template that answers it, or NO_ROUTE. */
  template: string
  method: string
  /** Path and query. */
  path: string
  headers: Record<string, string>
  body: string | null
  /** How often the source saw it (a HAR's entries); 1 otherwise. bench weighs its mix by it. */
  weight: number
}

/** The template of requests no route answers (a HAR's static files, 404s): sent, compared, benched. */
export const NO_ROUTE = 'no route'

/** Methods sent by default; others only when samples, --openapi, --har or --methods ask. */
export const DEFAULT_METHODS: readonly string[] = ['GET', 'HEAD']

/** Methods whose placeholder request carries a body (`{}` as JSON). */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH'])

/**
 * A concrete path for a template: params from `params`, else placeholders (`1`, wildcards `x`);
 * undefined when the template holds what cannot be filled with certainty.
 */
export function samplePath(template: string, params: Record<string, string> = {}): string | undefined {
  const fill = (values: Record<string, string>): string =>
    template
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

/** A body as sent, and the content type it implies when the headers name none. */
export function encodeBody(
  body: unknown,
  headers: Record<string, string>
): { body: string | null; headers: Record<string, string> } {
  if (body === undefined || body === null) return { body: null, headers }
  if (typeof body === 'string') return { body, headers }
  const typed = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')
  return {
    body: JSON.stringify(body),
    headers: typed ? headers : { ...headers, 'content-type': 'application/json' }
  }
}

function fromSample(template: string, method: string, sample: Sample): CheckTarget | undefined {
  const path = samplePath(template, sample.params)
  if (path === undefined) return undefined
  const query = new URLSearchParams(sample.query ?? {}).toString()
  const given = sample.body ?? (BODY_METHODS.has(method) ? {} : undefined)
  const { body, headers } = encodeBody(given, sample.headers ?? {})
  return { template, method, path: query === '' ? path : `${path}?${query}`, headers, body, weight: 1 }
}

/** What the run asks for besides the routes. */
export interface TargetSources {
  samples?: Samples
  /** Requests from --openapi / --har, each with the template findRoute gave it. */
  given?: readonly CheckTarget[]
  /** `--methods`: methods sent (with placeholders) to every route that has them. */
  methods?: readonly string[]
}

/**
 * The requests of a run: first those the OpenAPI document or HAR gave (in their order: a HAR's
 * replay the traffic as it happened), then per readable route and method the samples for its
 * template, else — when neither gave the route that method — a placeholder request if the
 * method is GET/HEAD or in `--methods` (a GET route's HEAD is left to headProbes). Identical
 * requests are merged, their weights added. An app without any route (middleware only, like
 * Koa's hello world) gets `GET /`.
 */
export function checkTargets(routes: readonly RouteInfo[], sources: TargetSources = {}): CheckTarget[] {
  const { samples = {}, given = [], methods = [] } = sources
  const allowed = new Set([...DEFAULT_METHODS, ...methods])
  const byKey = new Map<string, CheckTarget>()
  const add = (target: CheckTarget): void => {
    const key = JSON.stringify([target.method, target.path, target.headers, target.body])
    const seen = byKey.get(key)
    if (seen === undefined) byKey.set(key, { ...target })
    else seen.weight += target.weight
  }
  for (const target of given) add(target)
  const covered = new Set(given.map((t) => `${t.method} ${t.template}`))
  if (routes.length === 0 && given.length === 0)
    add({ template: '/', method: 'GET', path: '/', headers: {}, body: null, weight: 1 })
  const used = new Set<string>()
  for (const route of routes) {
    if (!route.exact) continue
    const sampled = samples[route.path]
    const list = sampled === undefined ? [] : Array.isArray(sampled) ? sampled : [sampled]
    const named = list.map((s) => s.method?.toUpperCase())
    const routeMethods = route.methods.includes('ALL') ? [...allowed, ...named] : route.methods
    for (const method of new Set(routeMethods)) {
      const key = `${method} ${route.path}`
      if (method === undefined || used.has(key) || !(allowed.has(method) || named.includes(method))) continue
      used.add(key)
      // Koa lists HEAD beside GET, Express answers HEAD with GET: headProbes sends it, unless a sample names it.
      if (method === 'HEAD' && routeMethods.includes('GET') && !named.includes('HEAD')) continue
      const chosen = list.filter((s) => s.method === undefined || s.method.toUpperCase() === method)
      if (chosen.length === 0 && covered.has(key)) continue
      for (const sample of chosen.length === 0 ? [{}] : chosen) {
        const target = fromSample(route.path, method, sample)
        if (target !== undefined) add(target)
      }
    }
  }
  return [...byKey.values()]
}

/**
 * `check`'s HEAD requests: for each template with GET requests and none with HEAD, its first
 * GET request as HEAD (Express answers it through the GET route, Koa's router lists it).
 */
export function headProbes(targets: readonly CheckTarget[]): CheckTarget[] {
  const withHead = new Set(targets.filter((t) => t.method === 'HEAD').map((t) => t.template))
  const probes: CheckTarget[] = []
  for (const target of targets) {
    if (target.method !== 'GET' || withHead.has(target.template)) continue
    withHead.add(target.template)
    probes.push({ ...target, method: 'HEAD', body: null })
  }
  return probes
}

/** Reads a `--samples` document. @throws Error with one line saying what is wrong */
export function parseSamples(text: string): Samples {
  const value = JSON.parse(text) as unknown
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(
      'samples: expected an object { "<route template>": { method, params, query, headers, body } }'
    )
  return value as Samples
}

/** `--methods GET,post` → ['GET', 'POST']. @throws Error naming what is not a method */
export function parseMethods(text: string): string[] {
  const methods = text
    .split(',')
    .map((m) => m.trim().toUpperCase())
    .filter((m) => m !== '')
  const bad = methods.find((m) => !/^[A-Z]+$/.test(m) || m === 'CONNECT')
  if (methods.length === 0 || bad !== undefined)
    throw new Error(`--methods takes HTTP methods separated by commas, e.g. POST,PUT,DELETE, got "${text}"`)
  return methods
}
