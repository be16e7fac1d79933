/**
 * Generated differential scenarios for Koa + `@koa/router`: a seed gives an app (routers with
 * prefixes and options, nested routers, params and `router.param()`, middleware chains,
 * `allowedMethods`, errors and an app error handler) and the requests sent to it. The app is
 * built three times — vanilla `@koa/router`; the same with `app.use(pulya())` first; and with
 * pulya's drop-in `Router` — and every answer must match vanilla's.
 * @module
 */
import type { RequestListener } from 'node:http'
import KoaRouter from '@koa/router'
import type { Difference } from './_compare.js'
import type { DiffRequest } from './_send.js'
import { compareSides, httpServer, normalizeStackFrames, type Side } from './differential.js'
import { createRandom, type Random } from './mulberry32.js'
import { pulya, createRouterClass, type RouterClass } from '../src/koa/index.js'

/** A Koa application class (Koa 2 or 3). */
export interface KoaLike {
  new (): { use(middleware: unknown): unknown; callback(): RequestListener }
}

type Handler = 'json' | 'next' | 'throw' | 'throw-expose' | 'ctx-throw' | 'status' | 'redirect'

interface RouteSpec {
  method: string
  name: string | null
  path: string
  chain: Handler[]
}
interface RouterSpec {
  options: { prefix?: string; sensitive?: boolean; strict?: boolean; exclusive?: boolean }
  uses: Array<{ path: string | null }>
  params: string[]
  routes: RouteSpec[]
  nested: { path: string; router: RouterSpec } | null
  allowed: null | { throw: boolean }
}

/** One generated app, as data. */
export interface KoaAppSpec {
  seed: number
  errorHandler: boolean
  rewrite: boolean
  routers: RouterSpec[]
}

/** The app variants compared against vanilla. */
export type KoaVariant = 'app.use(pulya())' | 'pulya Router'

const STATIC = ['users', 'repos', 'items', 'api', 'v1', 'files', 'Admin', 'orgs', 'a', 'b']
const PARAMS = ['id', 'name', 'owner', 'slug']
const METHODS = ['get', 'get', 'get', 'post', 'put', 'delete', 'patch', 'all']

function drawPath(random: Random, params: string[]): string {
  const parts: string[] = []
  const length = 1 + random.int(3)
  for (let i = 0; i < length; i++) {
    if (random.chance(0.35)) {
      const name = `${random.pick(PARAMS)}${i}`
      params.push(name)
      parts.push(`:${name}`)
    } else parts.push(random.pick(STATIC))
  }
  let path = `/${parts.join('/')}`
  const tail = random.int(20)
  if (tail < 2) path += '{/:opt}'
  else if (tail < 4) path += '/*rest'
  else if (tail < 6) path += '/'
  return path
}

function drawChain(random: Random): Handler[] {
  const chain: Handler[] = []
  while (random.chance(0.25)) chain.push('next')
  chain.push(
    random.pick<Handler>([
      'json',
      'json',
      'json',
      'json',
      'throw',
      'throw-expose',
      'ctx-throw',
      'status',
      'redirect',
      'next'
    ])
  )
  return chain
}

function drawRouter(random: Random, depth: number): RouterSpec {
  const options: RouterSpec['options'] = {}
  if (random.chance(0.4)) options.prefix = `/${random.pick(STATIC)}`
  if (random.chance(0.2)) options.sensitive = true
  if (random.chance(0.2)) options.strict = true
  if (random.chance(0.15)) options.exclusive = true
  const params: string[] = []
  const routes: RouteSpec[] = []
  const count = 2 + random.int(depth === 0 ? 14 : 5)
  for (let i = 0; i < count; i++) {
    routes.push({
      method: random.pick(METHODS),
      name: random.chance(0.3) ? `r${depth}-${i}` : null,
      path: drawPath(random, params),
      chain: drawChain(random)
    })
  }
  const uses: RouterSpec['uses'] = []
  while (random.chance(0.3)) uses.push({ path: random.chance(0.5) ? `/${random.pick(STATIC)}` : null })
  const nested =
    depth < 1 && random.chance(0.4)
      ? { path: `/${random.pick(STATIC)}`, router: drawRouter(random, depth + 1) }
      : null
  const allowed = random.chance(0.6) ? { throw: random.chance(0.3) } : null
  return {
    options,
    uses,
    params: [...new Set(params)].filter(() => random.chance(0.3)),
    routes,
    nested,
    allowed
  }
}

/** Draws the app of `seed`. */
export function drawKoaApp(seed: number): KoaAppSpec {
  const random = createRandom(seed * 7919 + 17)
  const routers: RouterSpec[] = []
  const count = 1 + random.int(3)
  for (let i = 0; i < count; i++) routers.push(drawRouter(random, 0))
  return { seed, errorHandler: random.chance(0.5), rewrite: random.chance(0.3), routers }
}

function fill(random: Random, path: string): string {
  return path
    .replace('{/:opt}', random.chance(0.5) ? `/${random.pick(['o', 'x%20y'])}` : '')
    .replace('/*rest', random.pick(['/a', '/a/b/c', '']))
    .replace(/:(\w+)/g, () => random.pick(['7', 'abc', 'caf%C3%A9', '%ZZ', 'a.b', 'UPPER', 'x%2Fy']))
}

function routePaths(spec: RouterSpec, prefix: string, into: string[]): void {
  const own = prefix + (spec.options.prefix ?? '')
  for (const route of spec.routes) into.push(own + route.path)
  if (spec.nested !== null) routePaths(spec.nested.router, own + spec.nested.path, into)
}

/** Draws `count` requests for `spec`: mostly its routes (with variations), some strangers. */
export function drawKoaRequests(spec: KoaAppSpec, count: number): DiffRequest[] {
  const random = createRandom(spec.seed * 104729 + 3)
  const paths: string[] = []
  for (const router of spec.routers) routePaths(router, '', paths)
  const requests: DiffRequest[] = []
  for (let i = 0; i < count; i++) {
    if (requests.length > 0 && random.chance(0.15)) {
      requests.push(random.pick(requests))
      continue
    }
    let path = random.chance(0.85)
      ? fill(random, random.pick(paths))
      : `/${random.pick(STATIC)}/${random.pick(['zz', 'users', '%E0%A4%A'])}`
    if (random.chance(0.1)) path = path.toUpperCase()
    if (random.chance(0.1)) path = path.endsWith('/') ? path.slice(0, -1) : `${path}/`
    if (path === '') path = '/'
    if (random.chance(0.1)) path = `/x${path}`
    if (random.chance(0.1)) path += '?q=1'
    const method = random.pick(['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'])
    requests.push({ method, path })
  }
  return requests
}

type Ctx = Record<string, unknown> & {
  body: unknown
  status: number
  params: Record<string, string>
  set(name: string, value: string): void
  throw(status: number, message: string): never
  redirect(url: string): void
  path: string
}
type Next = () => Promise<unknown>

function state(ctx: Ctx, label: string): unknown {
  const matched = ctx['matched'] as Array<{ path: unknown }> | undefined
  return {
    label,
    params: ctx.params,
    matched: matched?.map((layer) => String(layer.path)),
    route: ctx['_matchedRoute'],
    name: ctx['_matchedRouteName'],
    routerPath: ctx['routerPath'],
    captures: ctx['captures']
  }
}

function handler(kind: Handler, label: string): (ctx: Ctx, next: Next) => unknown {
  switch (kind) {
    case 'json':
      return (ctx) => {
        ctx.body = state(ctx, label)
      }
    case 'next':
      return async (ctx, next) => {
        ctx.set(`x-${label}`, 'passed')
        await next()
      }
    case 'throw':
      return () => {
        throw Object.assign(new Error(`boom ${label}`), {
          stack: `Error: boom ${label}\n    at generated (${label})`
        })
      }
    case 'throw-expose':
      return () => {
        throw Object.assign(new Error(`visible ${label}`), {
          status: 422,
          expose: true,
          headers: { 'x-err': label }
        })
      }
    case 'ctx-throw':
      return (ctx) => ctx.throw(409, `conflict ${label}`)
    case 'status':
      return (ctx) => {
        ctx.status = 204
      }
    case 'redirect':
      return (ctx) => {
        ctx.redirect('/elsewhere')
      }
  }
}

function buildRouter(R: RouterClass, spec: RouterSpec, tag: string): InstanceType<RouterClass> {
  const router = new R(spec.options)
  for (const name of spec.params) {
    router.param(name, async (value: string, ctx: Ctx, next: Next) => {
      if (value === 'abc') {
        ctx.status = 403
        ctx.body = `param ${name} refused`
        return
      }
      ctx.set(`x-param-${name}`, value)
      await next()
    })
  }
  spec.uses.forEach((use, i) => {
    const mw = async (ctx: Ctx, next: Next): Promise<void> => {
      ctx.set(`x-use-${tag}-${i}`, ctx.path)
      await next()
    }
    if (use.path === null) router.use(mw)
    else router.use(use.path, mw)
  })
  spec.routes.forEach((route, i) => {
    const label = `${tag}.${i}`
    const chain = route.chain.map((kind, j) => handler(kind, `${label}.${j}`))
    const verb = router[route.method] as (...args: unknown[]) => unknown
    if (route.name === null) verb.call(router, route.path, ...chain)
    else verb.call(router, route.name, route.path, ...chain)
  })
  if (spec.nested !== null) {
    const nested = buildRouter(R, spec.nested.router, `${tag}n`)
    router.use(spec.nested.path, nested.routes())
    if (spec.nested.router.allowed !== null)
      router.use(spec.nested.path, nested.allowedMethods(spec.nested.router.allowed))
  }
  return router
}

/** Builds the app of `spec` on `Koa` with router class `R`, `first` used before anything else. */
export function buildKoaApp(
  Koa: KoaLike,
  spec: KoaAppSpec,
  R: RouterClass,
  first: unknown
): InstanceType<KoaLike> {
  const app = new Koa()
  if (first !== null) app.use(first)
  if (spec.errorHandler) {
    app.use(async (ctx: Ctx, next: Next) => {
      try {
        await next()
      } catch (err) {
        const error = err as { status?: number; message: string }
        ctx.status = error.status ?? 500
        ctx.body = { caught: error.message }
      }
    })
  }
  if (spec.rewrite)
    app.use(async (ctx: Ctx, next: Next) => {
      if (ctx.path.startsWith('/x/')) ctx.path = ctx.path.slice(2)
      await next()
    })
  spec.routers.forEach((routerSpec, i) => {
    const router = buildRouter(R, routerSpec, `R${i}`)
    app.use(router.routes())
    if (routerSpec.allowed !== null) app.use(router.allowedMethods(routerSpec.allowed))
  })
  return app
}

/** The outcome of one scenario: the differences of each variant from vanilla. */
export interface KoaReport {
  readonly requests: number
  readonly differences: Record<KoaVariant, Difference[]>
}

/**
 * Builds the scenario of `seed` vanilla, with `app.use(pulya())` and with pulya's Router (all
 * routers accelerated however small), sends the same requests to each, and compares.
 */
export async function runKoaScenario(Koa: KoaLike, seed: number, requests: number): Promise<KoaReport> {
  const spec = drawKoaApp(seed)
  const steps = drawKoaRequests(spec, requests)
  const Vanilla = KoaRouter as unknown as RouterClass
  const side = (name: string, app: InstanceType<KoaLike>): Side<null> => ({
    name,
    app: null,
    serve: () => httpServer(app.callback())
  })
  const report = await compareSides(
    [
      side('vanilla', buildKoaApp(Koa, spec, Vanilla, null)),
      // Odd seeds with per-route metrics on: responses must not change with them.
      side(
        'app.use(pulya())',
        buildKoaApp(
          Koa,
          spec,
          Vanilla,
          pulya({ smallStack: 0, metrics: seed % 2 === 1 ? { register: false } : false })
        )
      ),
      side('pulya Router', buildKoaApp(Koa, spec, createRouterClass(Vanilla, { smallStack: 0 }), null))
    ],
    steps,
    { normalize: normalizeStackFrames }
  )
  const differences: Record<KoaVariant, Difference[]> = { 'app.use(pulya())': [], 'pulya Router': [] }
  for (const difference of report.differences) differences[difference.side as KoaVariant].push(difference)
  return { requests: report.results.length, differences }
}

/** The app of `spec` as code, for reports. */
export function describeKoaApp(spec: KoaAppSpec): string {
  return JSON.stringify(spec, null, 1)
}
