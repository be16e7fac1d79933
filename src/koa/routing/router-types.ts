/**
 * The public types of pulya's Router, written without `@koa/router`'s or Koa's types: pulya's
 * published declarations import no host framework, so they compile for every consumer. An
 * app that wants `@koa/router`'s own generic types keeps them with one cast:
 * `const Router = PulyaRouter as unknown as typeof import('@koa/router').default`.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- the context is the app's own Koa context type, which pulya's types cannot name */
import type { KoaOptions } from '../options.js'

/** A Koa middleware as `@koa/router` runs it. */
export type RouterMiddleware = (ctx: any, next: () => Promise<any>) => unknown

/** A `router.param()` handler: the decoded value, the context, and `next`. */
export type RouterParamMiddleware = (value: string, ctx: any, next: () => Promise<any>) => unknown

/** `@koa/router`'s options (see its README), plus pulya's own under `pulya`. */
export interface PulyaRouterOptions {
  prefix?: string
  exclusive?: boolean | 'specificity'
  host?: string | string[] | RegExp
  methods?: string[]
  routerPath?: string
  sensitive?: boolean
  strict?: boolean
  [option: string]: unknown
  /** pulya's options for this router's route cache (`cache`, `verify`, `smallStack`). */
  pulya?: KoaOptions
}

/** What `router.match(path, method)` answers. */
export interface RouterMatch {
  path: any[]
  pathAndMethod: any[]
  route: boolean
}

type Verb = (
  ...args:
    | [name: string, path: string | RegExp | string[], ...middleware: RouterMiddleware[]]
    | [path: string | RegExp | string[], ...middleware: RouterMiddleware[]]
) => PulyaRouter

/** An `@koa/router` instance, as pulya's Router builds it. */
export interface PulyaRouter {
  opts: Record<string, unknown>
  methods: string[]
  exclusive: boolean
  params: Record<string, unknown>
  stack: any[]
  host?: string | string[] | RegExp
  get: Verb
  post: Verb
  put: Verb
  patch: Verb
  delete: Verb
  del: Verb
  head: Verb
  options: Verb
  all: Verb
  use(...middleware: Array<string | RegExp | string[] | RouterMiddleware>): PulyaRouter
  prefix(prefix: string): PulyaRouter
  middleware(): RouterMiddleware & { router: PulyaRouter }
  routes(): RouterMiddleware & { router: PulyaRouter }
  allowedMethods(options?: {
    throw?: boolean
    notImplemented?: () => unknown
    methodNotAllowed?: () => unknown
  }): RouterMiddleware
  redirect(source: string | symbol, destination: string | symbol, code?: number): PulyaRouter
  register(
    path: string | RegExp | string[],
    methods: string[],
    middleware: RouterMiddleware | RouterMiddleware[],
    options?: Record<string, unknown>
  ): unknown
  route(name: string): any
  url(name: string, ...params: unknown[]): string | Error
  match(path: string, method: string): RouterMatch
  matchHost(host?: string): boolean
  param(name: string, middleware: RouterParamMiddleware): PulyaRouter
  on(event: unknown, handler: RouterMiddleware): PulyaRouter
  [member: string]: any
}

/** The Router class: `new Router(options)`, and `Router.url(path, params)`. */
export interface RouterClass {
  new (options?: PulyaRouterOptions): PulyaRouter
  readonly prototype: PulyaRouter
  url(path: string, ...params: unknown[]): string
}
