// The one shared workload table: every contestant (bench/http/<variant>.mjs) builds its app
// from these specs, the loader drives the same requests at each, and the runner checks every
// server's answers against the expectations here before it is timed.
//
// A workload is plain data:
//   routes       [{ method, path, kind, body?, paramNames? }] in registration order, where kind is
//                'json' (send `body` as JSON), 'params' (echo the named params as JSON),
//                'throw' (the handler throws → the host's default 500) or
//                'status' (503 the way Express's res.sendStatus does it)
//   middlewares  how many no-op middlewares run before the router
//   security     true: CORS + helmet headers (real middleware in Express/Koa)
//   requests     [{ method, path, headers?, body?, route? }] that autocannon cycles through, each
//                connection from the first (route: the one it must land on, for the micro
//                benchmarks; a request's share of the load is how often it is listed), or
//   unique       a path prefix: every request gets a never-repeated suffix (setupRequest)
//   checks       [{ method, path, status, body?, headers?, contains?, send? }] verified on every
//                server before timing: `body` the exact body, a string or { express, koa, fastify,
//                raw } for host defaults; `headers` response headers (a value or a RegExp each);
//                `contains` a piece of the decoded body (or one per family); `send` the request's
//                own { headers, body } (the realistic mix)
//   app          'realistic': the variant serves its realistic app (bench/http/realistic/) instead
//                of building one from `routes`; only variants listing the app in `apps` run it
//   load         { rounds, warmupS, durationS, connections, nodes: 'engines' }: what a run takes for this
//                workload unless its flags say otherwise (bench/run.mjs)
//   volatile     { header: RegExp }: the part of a header's value that may differ between two
//                servers answering the same request (a time), left out of the byte-identity check
import { createHmac } from 'node:crypto'
import { ServerResponse } from 'node:http'
import cors from 'cors'
import helmet from 'helmet'
import { GITHUB_ROUTES } from './github-routes.mjs'
import { ALLOWED_ORIGIN, KOA_KEYS, KOA_USER_COOKIE, SESSION, TOKENS, USER_ID } from './realistic/store.mjs'

export { GITHUB_ROUTES }

/** Sizes of the generated tables for the `scale-N` workloads. */
export const SCALE_SIZES = [10, 100, 1000, 10000]

const HELLO = { hello: 'world' }

// Values that make a generated URL realistic; any other param gets `x<name>`.
const SAMPLE_VALUES = {
  owner: 'octocat',
  repo: 'hello-world',
  user: 'mojombo',
  org: 'github',
  id: '42',
  number: '1347',
  sha: '7638417db6d59f3c431d3e1f261cc637155684cd',
  ref: 'main',
  name: 'bug',
  branch: 'main'
}

/** `/repos/:owner/:repo` → `/repos/octocat/hello-world`. */
export function fillPath(pattern) {
  return pattern.replace(/:(\w+)/g, (_, name) => SAMPLE_VALUES[name] ?? `x${name}`)
}

/** The names of a pattern's params, in path order. */
export function paramNamesOf(pattern) {
  return [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1])
}

/**
 * The 'params' handler body, built the same way in every contestant: keys in path order,
 * so the JSON bytes do not depend on how a host orders its params object.
 */
export function pickParams(names, params) {
  const out = {}
  for (let i = 0; i < names.length; i++) out[names[i]] = params[names[i]]
  return out
}

// A ~1 KB, realistic API object (a repository listing), deterministic so every
// contestant serialises exactly the same bytes.
function buildJsonPayload(count = 6) {
  const items = []
  for (let i = 0; i < count; i++) {
    items.push({
      id: 1296269 + i,
      name: `hello-world-${i}`,
      private: i % 2 === 0,
      stars: 80 * i + 3,
      owner: { login: 'octocat', id: 583231, type: 'User' },
      topics: ['api', 'http'],
      updated_at: '2011-01-26T19:14:43Z'
    })
  }
  return { total_count: items.length, incomplete_results: false, items }
}

// A small API object (~150 B: one user record) and a 100-item list (~9 KB), for the
// schema-compiled serialiser question (bench/NOTES.md).
function buildSmallPayload() {
  return {
    id: 583231,
    login: 'octocat',
    name: 'The Octocat',
    site_admin: false,
    followers: 9001,
    created_at: '2011-01-25T18:44:36Z'
  }
}

function buildListPayload() {
  const items = []
  for (let i = 0; i < 100; i++) {
    items.push({
      id: 1000 + i,
      login: `user-${i}`,
      type: i % 7 === 0 ? 'Organization' : 'User',
      site_admin: i % 13 === 0,
      score: (i * 37) % 101
    })
  }
  return items
}

/**
 * The JSON Schema a route would declare for `value`: every property listed (in the value's own
 * order) and required, no extra properties — the shape a schema-compiled serialiser needs to
 * give JSON.stringify's bytes. Only for the plain data of these workloads.
 */
export function schemaOf(value) {
  if (Array.isArray(value)) return { type: 'array', items: schemaOf(value[0]) }
  if (value === null) return { type: 'null' }
  switch (typeof value) {
    case 'string':
      return { type: 'string' }
    case 'boolean':
      return { type: 'boolean' }
    case 'number':
      return { type: Number.isInteger(value) ? 'integer' : 'number' }
    case 'object': {
      const properties = {}
      for (const key of Object.keys(value)) properties[key] = schemaOf(value[key])
      return { type: 'object', properties, required: Object.keys(value), additionalProperties: false }
    }
    default:
      throw new TypeError(`no schema for ${typeof value}`)
  }
}

/**
 * The headers that `cors()` and `helmet()` set on a plain GET, captured once from the real
 * middleware so that raw node:http and Fastify send the very same names and values by hand.
 * @returns {Array<[string, string]>} raw-cased name and value pairs
 */
export function captureSecurityHeaders() {
  const req = { method: 'GET', url: '/', headers: {} }
  const res = new ServerResponse({ method: 'GET', httpVersionMajor: 1, httpVersionMinor: 1, headers: {} })
  cors()(req, res, () => helmet()(req, res, () => {}))
  return res.getRawHeaderNames().map((name) => [name, String(res.getHeader(name))])
}

function jsonRoute(method, path, body) {
  return { method, path, kind: 'json', body }
}

function paramsRoute(method, path) {
  return { method, path, kind: 'params', paramNames: paramNamesOf(path) }
}

function jsonCheck(method, path, body) {
  return { method, path, status: 200, body: JSON.stringify(body) }
}

/** Routes answer `{"route":"GET /gists/:id"}` so a check proves which route was picked. */
function tableRoutes(table) {
  return table.map(({ method, path }) => jsonRoute(method, path, { route: `${method} ${path}` }))
}

// `route` names the route the request must land on; the loader sends only method and path.
function routeRequest(route) {
  return { method: route.method, path: fillPath(route.path), route: `${route.method} ${route.path}` }
}

function routeCheck(route) {
  return { ...routeRequest(route), status: 200, body: JSON.stringify(route.body) }
}

// `count` entries spread evenly over `list`, first and last included.
function spread(list, count) {
  if (list.length <= count) return list.slice()
  const out = []
  for (let i = 0; i < count; i++) out.push(list[Math.round((i * (list.length - 1)) / (count - 1))])
  return out
}

function routesWorkload() {
  const routes = tableRoutes(GITHUB_ROUTES)
  // Half static, half param, each spread from early to late in the table, interleaved in
  // table order so consecutive requests do not favour one end.
  const isParam = (r) => r.path.includes(':')
  const picked = [
    ...spread(
      routes.filter((r) => !isParam(r)),
      16
    ),
    ...spread(routes.filter(isParam), 16)
  ]
  picked.sort((a, b) => routes.indexOf(a) - routes.indexOf(b))
  return { routes, requests: picked.map(routeRequest), checks: routes.map(routeCheck) }
}

/** `n` generated routes: `/svcK/items` (static) and `/svcK/items/:id` (param) pairs. */
function scaleWorkload(n) {
  const table = []
  for (let k = 0; table.length < n; k++) {
    table.push({ method: 'GET', path: `/svc${k}/items` })
    if (table.length < n) table.push({ method: 'GET', path: `/svc${k}/items/:id` })
  }
  const routes = tableRoutes(table)
  // The same request at every size: the last static and last param route, the worst case
  // for a router that scans its table in order.
  const last = routes.slice(-2)
  return { routes, requests: last.map(routeRequest), checks: last.map(routeCheck) }
}

function paramsWorkload() {
  const requests = []
  for (let i = 0; i < 1000; i++)
    requests.push({ method: 'GET', path: `/user/${1000 + i * 7}/posts/${i % 97}` })
  const checks = requests.slice(0, 3).map((r) => {
    const [, , id, , postId] = r.path.split('/')
    return jsonCheck('GET', r.path, { id, postId })
  })
  return { routes: [paramsRoute('GET', '/user/:id/posts/:postId')], requests, checks }
}

const NOT_FOUND_PATH = '/does/not/exist'

// finalhandler's page, as Express 4 (finalhandler 1.x) and 5 (2.x) both send it in production.
function finalhandlerHtml(message) {
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n' +
    `</head>\n<body>\n<pre>${message}</pre>\n</body>\n</html>\n`
  )
}

// The realistic mix: what a browser app and its API clients send to the API of
// bench/http/realistic/, each entry with its share of the load (`weight`, out of 100) and what it
// must answer. Reads dominate; writes (with JSON or form bodies), CORS preflights, 401s and 404s
// come at rates a production API sees. Lists over 1 KB go out compressed.

/** express-session's cookie for the seeded session: `s:` + id + `.` + HMAC-SHA256, URI-encoded. */
export function sessionCookie({ cookieName, id, secret }) {
  const mac = createHmac('sha256', secret).update(id).digest('base64').replace(/=+$/, '')
  return `${cookieName}=${encodeURIComponent(`s:${id}.${mac}`)}`
}

/** A cookie Koa signs with `app.keys` (keygrip: HMAC-SHA1 of `name=value`, base64url). */
export function koaSignedCookie(name, value, key) {
  const mac = createHmac('sha1', key)
    .update(`${name}=${value}`)
    .digest('base64')
    .replace(/\/|\+|=/g, (c) => ({ '/': '_', '+': '-', '=': '' })[c])
  return `${name}=${value}; ${name}.sig=${mac}`
}

const BROWSER = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
  accept: 'application/json',
  'accept-language': 'en-US,en;q=0.9',
  'accept-encoding': 'gzip, deflate, br',
  origin: ALLOWED_ORIGIN
}
const USER = { ...BROWSER, authorization: `Bearer ${TOKENS.user}` }
const ADMIN = { ...BROWSER, authorization: `Bearer ${TOKENS.admin}` }
const LOGGED_IN = {
  ...BROWSER,
  cookie: `${sessionCookie(SESSION)}; ${koaSignedCookie(KOA_USER_COOKIE, String(USER_ID), KOA_KEYS[0])}; theme=dark`
}
const CORS = { 'access-control-allow-origin': ALLOWED_ORIGIN, 'access-control-allow-credentials': 'true' }
const JSON_TYPE = /^application\/json; charset=utf-8$/
const COMPRESSED = { ...CORS, 'content-type': JSON_TYPE, 'content-encoding': 'br' }
const PLAIN = { ...CORS, 'content-type': JSON_TYPE, 'content-encoding': undefined }

function json(headers, value) {
  return { headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(value) }
}

function preflight(method) {
  return {
    'user-agent': BROWSER['user-agent'],
    accept: '*/*',
    origin: ALLOWED_ORIGIN,
    'access-control-request-method': method,
    'access-control-request-headers': 'authorization,content-type'
  }
}

/**
 * The realistic mix, one row per distinct request: `weight` is its share of the load (the
 * weights add up to 100), `status`, `headers` and `contains` what every server must answer.
 */
// prettier-ignore
export const REALISTIC_MIX = [
  // Reads: lists with pagination, sorting and a query (compressed), details by id.
  { name: 'list items, page 2 by price', weight: 14, method: 'GET', path: '/api/v1/items?page=2&limit=20&sort=price', send: { headers: BROWSER }, status: 200, headers: COMPRESSED, contains: '"page":2' },
  { name: 'search items', weight: 6, method: 'GET', path: '/api/v1/items?q=lamp&limit=10', send: { headers: BROWSER }, status: 200, headers: COMPRESSED, contains: '"name":"lamp ' },
  { name: 'item 17', weight: 5, method: 'GET', path: '/api/v1/items/17', send: { headers: BROWSER }, status: 200, headers: PLAIN, contains: '"id":17,' },
  { name: 'item 123', weight: 5, method: 'GET', path: '/api/v1/items/123', send: { headers: BROWSER }, status: 200, headers: PLAIN, contains: '"id":123,' },
  { name: 'item 388', weight: 4, method: 'GET', path: '/api/v1/items/388', send: { headers: BROWSER }, status: 200, headers: PLAIN, contains: '"id":388,' },
  { name: 'list users, page 3', weight: 6, method: 'GET', path: '/api/v1/users?page=3&limit=25', send: { headers: BROWSER }, status: 200, headers: COMPRESSED, contains: '"page":3' },
  { name: 'user 42', weight: 3, method: 'GET', path: '/api/v1/users/42', send: { headers: BROWSER }, status: 200, headers: PLAIN, contains: '"id":42,' },
  { name: 'user 150', weight: 3, method: 'GET', path: '/api/v1/users/150', send: { headers: BROWSER }, status: 200, headers: PLAIN, contains: '"id":150,' },
  { name: 'a category, page 1', weight: 2, method: 'GET', path: '/api/v1/categories/lighting/items?page=1&limit=15', send: { headers: BROWSER }, status: 200, headers: COMPRESSED, contains: '"category":"lighting"' },
  // Signed in: a bearer token, or the session cookie (express-session; Koa: a signed cookie).
  { name: "a user's orders (nested router)", weight: 4, method: 'GET', path: `/api/v1/users/${USER_ID}/orders`, send: { headers: USER }, status: 200, headers: CORS, contains: '[' },
  { name: 'order 12 (admin)', weight: 4, method: 'GET', path: '/api/v1/orders/12', send: { headers: ADMIN }, status: 200, headers: PLAIN, contains: '"id":12,' },
  { name: 'me, by session cookie', weight: 4, method: 'GET', path: '/api/v1/auth/me', send: { headers: LOGGED_IN }, status: 200, headers: PLAIN, contains: '"via":"session"' },
  { name: 'admin stats', weight: 2, method: 'GET', path: '/api/v1/admin/stats', send: { headers: ADMIN }, status: 200, headers: PLAIN, contains: '"orders":' },
  { name: 'preferences from cookies', weight: 2, method: 'GET', path: '/api/v1/prefs', send: { headers: LOGGED_IN }, status: 200, headers: PLAIN, contains: '"theme":"dark"' },
  // Writes, with JSON bodies; none grows the data (store.mjs).
  { name: 'place an order', weight: 5, method: 'POST', path: '/api/v1/orders', send: json(USER, { lines: [{ itemId: 17, qty: 2 }, { itemId: 123, qty: 1 }], note: 'leave at the door' }), status: 201, headers: PLAIN, contains: '"status":"placed"' },
  { name: 'replace item 123', weight: 3, method: 'PUT', path: '/api/v1/items/123', send: json(USER, { name: 'table 123', category: 'furniture', price: 129.5, stock: 12, tags: ['table', 'furniture'] }), status: 200, headers: PLAIN, contains: '"price":129.5' },
  { name: 'rename user 42', weight: 3, method: 'PATCH', path: '/api/v1/users/42', send: json(USER, { name: 'User 42', active: true }), status: 200, headers: PLAIN, contains: '"name":"User 42"' },
  { name: 'cancel order 77', weight: 2, method: 'DELETE', path: '/api/v1/orders/77', send: { headers: USER }, status: 204, headers: CORS },
  { name: 'token, form body', weight: 2, method: 'POST', path: '/api/v1/auth/token', send: { headers: { ...BROWSER, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials&client_id=web' }, status: 200, headers: PLAIN, contains: '"token_type":"Bearer"' },
  // CORS preflights.
  { name: 'preflight PUT item', weight: 3, method: 'OPTIONS', path: '/api/v1/items/123', send: { headers: preflight('PUT') }, status: 204, headers: { ...CORS, 'access-control-allow-methods': /PUT/ } },
  { name: 'preflight POST order', weight: 3, method: 'OPTIONS', path: '/api/v1/orders', send: { headers: preflight('POST') }, status: 204, headers: { ...CORS, 'access-control-allow-methods': /POST/ } },
  // 401s: no credentials, a token nobody has.
  { name: 'orders without a token', weight: 3, method: 'GET', path: '/api/v1/orders', send: { headers: BROWSER }, status: 401, headers: { ...PLAIN, 'www-authenticate': 'Bearer realm="api"' }, contains: '"unauthorized"' },
  { name: 'admin with a revoked token', weight: 2, method: 'GET', path: '/api/v1/admin/stats', send: { headers: { ...BROWSER, authorization: `Bearer ${TOKENS.invalid}` } }, status: 401, headers: PLAIN, contains: '"unauthorized"' },
  // 404s: unknown ids, unknown paths (the API's JSON, or the host's own page outside it).
  { name: 'unknown item id', weight: 2, method: 'GET', path: '/api/v1/items/99999', send: { headers: BROWSER }, status: 404, headers: PLAIN, contains: '"not_found"' },
  { name: 'unknown user id', weight: 1, method: 'GET', path: '/api/v1/users/0', send: { headers: BROWSER }, status: 404, headers: PLAIN, contains: '"not_found"' },
  { name: 'unknown API path', weight: 2, method: 'GET', path: '/api/v1/widgets', send: { headers: BROWSER }, status: 404, headers: PLAIN, contains: '"not_found"' },
  { name: 'favicon (host 404)', weight: 2, method: 'GET', path: '/favicon.ico', send: { headers: { ...BROWSER, accept: 'image/avif,image/webp,*/*' } }, status: 404, headers: CORS, contains: { express: 'Cannot GET /favicon.ico', koa: 'Not Found' } },
  { name: 'health', weight: 3, method: 'GET', path: '/health', send: { headers: { 'user-agent': 'kube-probe/1.33' } }, status: 200, contains: '"status":"ok"' }
]

/**
 * A list in which each entry appears `weight` times, spread evenly (smooth weighted round
 * robin): every stretch of the list carries about each entry's share, so a window that ends
 * mid-list still sends the mix.
 * @template T
 * @param {Array<T & { weight: number }>} entries
 * @returns {T[]}
 */
export function weightedOrder(entries) {
  const total = entries.reduce((sum, e) => sum + e.weight, 0)
  const current = entries.map(() => 0)
  const out = []
  for (let n = 0; n < total; n++) {
    let best = 0
    for (let i = 0; i < entries.length; i++) {
      current[i] += entries[i].weight
      if (current[i] > current[best]) best = i
    }
    current[best] -= total
    out.push(entries[best])
  }
  return out
}

function realisticWorkload() {
  const request = ({ method, path, send }) => ({ method, path, ...send })
  return {
    app: 'realistic',
    // Its own defaults in a run (bench/run.mjs): more rounds, since pulya's gain here is small
    // against the noise; a longer warm-up (the first second of 43 routes behind eight middlewares
    // still ran up to 2× slower than the rounds after it); every Node line of `engines`; and
    // 10 connections, so that in a window
    // each connection goes through the whole list (~100 requests) at least once — autocannon
    // starts every connection at the top of the list, so a short window with many connections
    // would send only the list's first entries.
    load: { rounds: 4, warmupS: 2, durationS: 1.5, connections: 10, nodes: 'engines' },
    requests: weightedOrder(REALISTIC_MIX).map(request),
    // Each check is a row of the mix; its weight is the loader's business only.
    checks: REALISTIC_MIX,
    // express-rate-limit's `t=` (seconds to the window's end) and the Koa logger's time.
    volatile: { ratelimit: /t=\d+/, 'x-response-time': /^\d+ms$/ }
  }
}

const WORKLOAD_SPECS = {
  hello: () => ({
    routes: [jsonRoute('GET', '/', HELLO)],
    requests: [{ method: 'GET', path: '/' }],
    checks: [jsonCheck('GET', '/', HELLO)]
  }),
  routes: routesWorkload,
  ...Object.fromEntries(SCALE_SIZES.map((n) => [`scale-${n}`, () => scaleWorkload(n)])),
  params: paramsWorkload,
  middleware: () => ({
    middlewares: 20,
    routes: [jsonRoute('GET', '/mw', HELLO)],
    requests: [{ method: 'GET', path: '/mw' }],
    checks: [jsonCheck('GET', '/mw', HELLO)]
  }),
  notfound: () => ({
    routes: [jsonRoute('GET', '/', HELLO)],
    requests: [{ method: 'GET', path: NOT_FOUND_PATH }],
    checks: [
      {
        method: 'GET',
        path: NOT_FOUND_PATH,
        status: 404,
        body: {
          express: finalhandlerHtml(`Cannot GET ${NOT_FOUND_PATH}`),
          koa: 'Not Found',
          fastify: JSON.stringify({
            message: `Route GET:${NOT_FOUND_PATH} not found`,
            error: 'Not Found',
            statusCode: 404
          }),
          raw: 'Not Found'
        }
      }
    ]
  }),
  errors: () => ({
    routes: [
      { method: 'GET', path: '/boom', kind: 'throw' },
      { method: 'GET', path: '/unavailable', kind: 'status' }
    ],
    requests: [
      { method: 'GET', path: '/boom' },
      { method: 'GET', path: '/unavailable' }
    ],
    checks: [
      {
        method: 'GET',
        path: '/boom',
        status: 500,
        body: {
          express: finalhandlerHtml('Internal Server Error'),
          koa: 'Internal Server Error',
          fastify: JSON.stringify({ statusCode: 500, error: 'Internal Server Error', message: 'boom' }),
          raw: 'Internal Server Error'
        }
      },
      { method: 'GET', path: '/unavailable', status: 503, body: 'Service Unavailable' }
    ]
  }),
  headers: () => ({
    security: true,
    routes: [jsonRoute('GET', '/api/headers', HELLO)],
    requests: [{ method: 'GET', path: '/api/headers' }],
    checks: [
      { ...jsonCheck('GET', '/api/headers', HELLO), headers: Object.fromEntries(captureSecurityHeaders()) }
    ]
  }),
  json: () => ({
    routes: [jsonRoute('GET', '/json', buildJsonPayload())],
    requests: [{ method: 'GET', path: '/json' }],
    checks: [jsonCheck('GET', '/json', buildJsonPayload())]
  }),
  'json-small': () => ({
    routes: [jsonRoute('GET', '/user', buildSmallPayload())],
    requests: [{ method: 'GET', path: '/user' }],
    checks: [jsonCheck('GET', '/user', buildSmallPayload())]
  }),
  'json-list': () => ({
    routes: [jsonRoute('GET', '/users', buildListPayload())],
    requests: [{ method: 'GET', path: '/users' }],
    checks: [jsonCheck('GET', '/users', buildListPayload())]
  }),
  // A list endpoint: 100 items of the json workload's shape, ~17 KB.
  'json-100': () => ({
    routes: [jsonRoute('GET', '/list', buildJsonPayload(100).items)],
    requests: [{ method: 'GET', path: '/list' }],
    checks: [jsonCheck('GET', '/list', buildJsonPayload(100).items)]
  }),
  // Every request misses every cache (a never-repeated id) against a 1,000-route table: what a
  // miss costs — the index's narrowing, not the cache, is what can help here.
  'unique-1000': () => {
    const { routes } = scaleWorkload(1000)
    const last = routes[routes.length - 1]
    return {
      routes,
      unique: '/svc499/items/',
      checks: [
        { method: 'GET', path: '/svc499/items/u1', status: 200, body: JSON.stringify(last.body) },
        { method: 'GET', path: '/svc499/items/u2', status: 200, body: JSON.stringify(last.body) }
      ]
    }
  },
  realistic: realisticWorkload,
  'unique-urls': () => ({
    routes: [paramsRoute('GET', '/item/:id')],
    unique: '/item/',
    checks: [jsonCheck('GET', '/item/a1b2c3', { id: 'a1b2c3' }), jsonCheck('GET', '/item/zz9', { id: 'zz9' })]
  })
}

/** Every workload name, in report order. */
export const WORKLOAD_NAMES = Object.keys(WORKLOAD_SPECS)

const built = new Map()

/**
 * The full spec of one workload, built once per process.
 * @param {string} name one of WORKLOAD_NAMES
 */
export function getWorkload(name) {
  const make = WORKLOAD_SPECS[name]
  if (!make) throw new TypeError(`unknown workload "${name}" (known: ${WORKLOAD_NAMES.join(', ')})`)
  if (!built.has(name))
    built.set(name, {
      name,
      app: null,
      load: null,
      middlewares: 0,
      security: false,
      unique: null,
      volatile: {},
      requests: [],
      ...make()
    })
  return built.get(name)
}

/**
 * What the loader sends for a workload (src/cli/load-generator.ts's order): its requests as
 * method, path, headers and body, or the prefix of its unique URLs.
 */
export function sentBy(workload) {
  return workload.unique
    ? { unique: workload.unique }
    : {
        requests: workload.requests.map(({ method, path, headers, body }) => ({
          method,
          path,
          headers,
          body
        }))
      }
}

/** Every HTTP status a workload's load may answer with: anything else fails the run. */
export function expectedStatuses(workload) {
  return [...new Set(workload.checks.map((c) => c.status))]
}
