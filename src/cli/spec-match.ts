/**
 * Which of the app's routes answers each request an OpenAPI document or a HAR file gives. The
 * matching itself is the host's (findRoute, run in the vanilla app process and handed in as
 * `match`); here: the prefix an OpenAPI document's paths sit under in the app, and which of a
 * HAR's hosts are the app. Every refusal is one line (an Error) for the command to print.
 */
import type { HarRequest } from './har.js'
import type { SpecRequest, SpecRequests } from './openapi.js'
import type { RouteInfo } from './routes.js'
import { NO_ROUTE, type CheckTarget } from './targets.js'

/** The route templates that answer each `method path`, null where none does (findRoute's). */
export type Matcher = (
  requests: ReadonlyArray<{ method: string; path: string }>
) => Promise<Array<string | null>>

/** At most this many mount prefixes of the app are tried for a document's paths. */
const MAX_PREFIXES = 50

/**
 * Prefixes a document's paths may sit under in the app: none, its servers' base paths, then the
 * literal leading parts of the app's templates (`/api/v1/users/:id` → `/api`, `/api/v1`, `/api/v1/users`).
 */
export function prefixCandidates(specPrefixes: readonly string[], routes: readonly RouteInfo[]): string[] {
  const candidates = new Set(['', ...specPrefixes])
  for (const route of routes) {
    const segments = route.path.split('/').slice(1, -1)
    let prefix = ''
    for (const segment of segments) {
      if (!/^[\w.~-]+$/.test(segment)) break
      prefix += `/${segment}`
      candidates.add(prefix)
    }
  }
  return [...candidates].slice(0, MAX_PREFIXES)
}

function toTarget(request: SpecRequest, path: string, template: string | null, weight: number): CheckTarget {
  return {
    template: template ?? NO_ROUTE,
    method: request.method,
    path,
    headers: request.headers,
    body: request.body,
    weight
  }
}

/**
 * The document's requests under the prefix that matches most of them to routes (the first of
 * equals: none, then the servers'). @throws Error naming the first operation no route answers,
 * unless `allowUnmatched` (then it is sent as NO_ROUTE)
 */
export async function matchSpec(
  spec: SpecRequests,
  routes: readonly RouteInfo[],
  match: Matcher,
  allowUnmatched: boolean
): Promise<{ prefix: string; targets: CheckTarget[] }> {
  const prefixes = prefixCandidates(spec.prefixes, routes)
  const templates = await match(
    prefixes.flatMap((prefix) => spec.requests.map((r) => ({ method: r.method, path: prefix + r.path })))
  )
  const n = spec.requests.length
  let best = 0
  let bestCount = -1
  prefixes.forEach((_prefix, i) => {
    const count = templates.slice(i * n, (i + 1) * n).filter((t) => t !== null).length
    if (count > bestCount) {
      best = i
      bestCount = count
    }
  })
  const prefix = prefixes[best] as string
  const found = templates.slice(best * n, (best + 1) * n)
  const unmatched = new Set(spec.requests.filter((_r, i) => found[i] === null).map((r) => r.origin))
  if (unmatched.size > 0 && !allowUnmatched) {
    const first = [...unmatched][0] as string
    const more =
      unmatched.size > 1 ? ` (and ${unmatched.size - 1} more operation${unmatched.size > 2 ? 's' : ''})` : ''
    const under = prefix === '' ? '' : ` under ${prefix}`
    throw new Error(
      `${first}${under} matches no route of the app${more}; pulya routes lists them, --allow-unmatched sends such requests anyway`
    )
  }
  return { prefix, targets: spec.requests.map((r, i) => toTarget(r, prefix + r.path, found[i] ?? null, 1)) }
}

const hostName = (host: string): string => host.replace(/:\d+$/, '')

/**
 * The HAR's requests to the app. Its hosts are those `hosts` (`--har-host`, host or host:port)
 * name, else those with at least one request a route answers. @throws Error when no host is
 * the app's, a named host has no entry, or (without `--har-host`) other hosts are present
 */
export async function matchHar(
  requests: readonly HarRequest[],
  match: Matcher,
  hosts: readonly string[]
): Promise<CheckTarget[]> {
  const templates = await match(requests.map((r) => ({ method: r.method, path: r.path })))
  const counts = new Map<string, { requests: number; matched: number }>()
  requests.forEach((r, i) => {
    const count = counts.get(r.host) ?? { requests: 0, matched: 0 }
    count.requests += r.weight
    if (templates[i] !== null) count.matched += r.weight
    counts.set(r.host, count)
  })
  const list = (names: readonly string[]): string =>
    names.map((h) => `${h} (${(counts.get(h) as { requests: number }).requests})`).join(', ')
  const all = [...counts.keys()]
  for (const host of hosts) {
    if (!all.some((h) => h === host || hostName(h) === host))
      throw new Error(`--har-host ${host}: the HAR has no request to it (its hosts: ${list(all)})`)
  }
  const isApp = (h: string): boolean =>
    hosts.length > 0
      ? hosts.some((given) => h === given || hostName(h) === given)
      : (counts.get(h) as { matched: number }).matched > 0
  const app = all.filter(isApp)
  if (app.length === 0)
    throw new Error(
      `no request of the HAR matches a route of the app (its hosts, with their requests: ${list(all)}); pulya routes lists the routes`
    )
  const foreign = all.filter((h) => !isApp(h))
  if (foreign.length > 0 && hosts.length === 0) {
    throw new Error(
      `the HAR also holds requests to other hosts: ${list(foreign)}; name the app's with --har-host ${hostName(app[0] as string)} (repeatable)`
    )
  }
  const targets: CheckTarget[] = []
  requests.forEach((r, i) => {
    if (isApp(r.host)) targets.push(toTarget(r, r.path, templates[i] ?? null, r.weight))
  })
  return targets
}
