/**
 * What `pulya bench` measures: from the requests `check` would send, the workloads — a
 * mixed one over every selected route, up to `top` routes one by one, and an unknown path.
 */
import type { LoadRequest } from './load-generator.js'
import { runHeaders } from './request-defaults.js'
import type { CheckTarget } from './targets.js'

/** The path of the unknown-path (404) workload, also the first unknown path `check` sends. */
export const UNKNOWN_PATH = '/__pulya_check_unknown'

/** One workload: the requests autocannon cycles through. */
export interface BenchWorkload {
  /** `mix`, `404`, or `<METHOD> <template>`. */
  name: string
  kind: 'mix' | 'route' | 'unknown'
  /** `<METHOD> <template>` (kind `route`), else null. */
  template: string | null
  requests: LoadRequest[]
}

/**
 * A glob over route templates: `*` matches any run of characters (slashes too), everything
 * else itself. @example globToRegExp('/api/*').test('/api/users/:id') // true
 */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`
  )
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

/** At most this many requests in a weighted list (autocannon builds each once per connection). */
export const MAX_WEIGHTED = 200

/**
 * `targets` as the list autocannon cycles through: each once, or — when their weights differ (a
 * HAR's counts) — repeated in proportion to their weight, at most MAX_WEIGHTED entries and each
 * target at least once, so a workload is shaped like the recorded traffic.
 * @example weightedRequests([{ weight: 3, … '/a' }, { weight: 1, … '/b' }]) // /a /a /a /b
 */
export function weightedRequests(targets: readonly CheckTarget[]): LoadRequest[] {
  const total = targets.reduce((sum, t) => sum + t.weight, 0)
  const scale = total > MAX_WEIGHTED ? MAX_WEIGHTED / total : 1
  const requests: LoadRequest[] = []
  for (const target of targets) {
    const request: LoadRequest = { method: target.method, path: target.path }
    if (Object.keys(target.headers).length > 0) request.headers = target.headers
    if (target.body !== null) request.body = target.body
    for (let n = Math.max(1, Math.round(target.weight * scale)); n > 0; n--) requests.push(request)
  }
  return requests
}

/**
 * The workloads, and the route templates (`<METHOD> <template>`) the mix covers; the 404
 * workload's request carries `options.headers` and the run's Host as the targets do.
 * @throws Error when no route is left
 */
export function planBench(
  targets: readonly CheckTarget[],
  options: { routes: readonly string[]; top: number; headers?: Readonly<Record<string, string>> }
): { workloads: BenchWorkload[]; templates: string[] } {
  const byRoute = new Map<string, CheckTarget[]>()
  const globs = options.routes.map(globToRegExp)
  for (const target of targets) {
    if (globs.length > 0 && !globs.some((glob) => glob.test(target.template))) continue
    const key = `${target.method} ${target.template}`
    const list = byRoute.get(key)
    if (list === undefined) byRoute.set(key, [target])
    else list.push(target)
  }
  if (byRoute.size === 0) {
    throw new Error(
      globs.length > 0
        ? `no route matches --routes ${options.routes.join(' ')}`
        : 'the app has no route pulya bench can request'
    )
  }
  const templates = [...byRoute.keys()]
  const workloads: BenchWorkload[] = [
    { name: 'mix', kind: 'mix', template: null, requests: weightedRequests([...byRoute.values()].flat()) }
  ]
  // One route only: the mix is that route's workload already.
  for (const key of templates.length === 1 ? [] : spreadPick(templates, options.top)) {
    workloads.push({
      name: key,
      kind: 'route',
      template: key,
      requests: weightedRequests(byRoute.get(key) as CheckTarget[])
    })
  }
  // Not when --routes narrows the run to the user's own routes.
  if (globs.length === 0)
    workloads.push({
      name: '404',
      kind: 'unknown',
      template: null,
      requests: [{ method: 'GET', path: UNKNOWN_PATH, headers: runHeaders({}, options.headers ?? {}) }]
    })
  return { workloads, templates }
}
