/**
 * What `pulya bench` measures: from the requests `check` would send, the workloads — a
 * mixed one over every selected route, up to `top` routes one by one, and an unknown path.
 */
import type { LoadRequest } from './load-gen.js'
import type { CheckTarget } from './routes.js'

/** The path of the unknown-path (404) workload, also the first unknown path `check` sends. */
export const UNKNOWN_PATH = '/__pulya_check_unknown'

/** One workload: the requests autocannon cycles through. */
export interface BenchWorkload {
  /** `mix`, `404`, or `GET <template>`. */
  name: string
  kind: 'mix' | 'route' | 'unknown'
  /** The route template (kind `route`), else null. */
  template: string | null
  requests: LoadRequest[]
}

/**
 * A glob over route templates: `*` matches any run of characters (slashes too), everything
 * else itself. @example globToRegExp('/api/*').test('/api/users/:id') // true
 */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)
}

/**
 * `n` items spread evenly over `items`, first and last included, in their order. Spread
 * rather than the first `n`: in Express a route's cost grows with its place in the table,
 * and early and late routes both matter.
 * @example spreadPick([1, 2, 3, 4, 5], 3) // [1, 3, 5]
 */
export function spreadPick<T>(items: readonly T[], n: number): T[] {
  if (n >= items.length) return [...items]
  if (n <= 0) return []
  if (n === 1) return [items[0] as T]
  const picked = new Set<number>()
  for (let i = 0; i < n; i++) picked.add(Math.round((i * (items.length - 1)) / (n - 1)))
  return [...picked].map((i) => items[i] as T)
}

/** The workloads, and the templates the mix covers. @throws Error when no route is left */
export function planBench(targets: readonly CheckTarget[], options: { routes: readonly string[]; top: number }): { workloads: BenchWorkload[]; templates: string[] } {
  const byTemplate = new Map<string, LoadRequest[]>()
  const globs = options.routes.map(globToRegExp)
  for (const target of targets) {
    if (globs.length > 0 && !globs.some((glob) => glob.test(target.template))) continue
    const request: LoadRequest = Object.keys(target.headers).length === 0 ? { method: 'GET', path: target.path } : { method: 'GET', path: target.path, headers: target.headers }
    const list = byTemplate.get(target.template)
    if (list === undefined) byTemplate.set(target.template, [request])
    else list.push(request)
  }
  if (byTemplate.size === 0) {
    throw new Error(globs.length > 0 ? `no GET route matches --routes ${options.routes.join(' ')}` : 'the app has no GET route pulya bench can request')
  }
  const templates = [...byTemplate.keys()]
  const mix = [...byTemplate.values()].flat()
  const workloads: BenchWorkload[] = [{ name: 'mix', kind: 'mix', template: null, requests: mix }]
  // One route only: the mix is that route's workload already.
  for (const template of templates.length === 1 ? [] : spreadPick(templates, options.top)) {
    workloads.push({ name: `GET ${template}`, kind: 'route', template, requests: byTemplate.get(template) as LoadRequest[] })
  }
  // Not when --routes narrows the run to the user's own routes.
  if (globs.length === 0) workloads.push({ name: '404', kind: 'unknown', template: null, requests: [{ method: 'GET', path: UNKNOWN_PATH }] })
  return { workloads, templates }
}
