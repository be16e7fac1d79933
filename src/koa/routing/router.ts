/**
 * `Router` from `pulya/koa`, the drop-in for `@koa/router` (docs/how-it-works.md#pulyas-router).
 *
 * It subclasses the `@koa/router` the app has installed, so every method, option, event and
 * context property is that package's own code, with no second implementation to drift from it;
 * only `match(path, method)` is overridden, with the cache of cached-match.ts.
 */
import type { ResolvedCoreOptions } from '../../core/options.js'
import { PULYA_ERR_NO_KOA_ROUTER, pulyaError } from '../../core/errors.js'
import { resolveRouterOptions, type KoaOptions } from '../options.js'
import { koaRouterPeer, type PeerModule } from './koa-router-peer.js'
import {
  cachedMatch,
  koaRouterStateOf,
  forgettingPrefix,
  createKoaRouterState,
  type KoaMatch,
  type KoaRouter,
  type Match,
  type KoaRouterState
} from './cached-match.js'
import type { OwnKoaRouterState } from './app-routers.js'
import { OWN_ROUTER_STATE } from '../../core/symbols.js'
import type { PulyaRouterOptions, RouterClass } from './router-types.js'

/** The class `@koa/router` exports (CommonJS `module.exports`, `.default` or `.Router`). */
function routerClassOf(loaded: unknown): RouterClass | undefined {
  const candidates = [
    loaded,
    (loaded as { default?: unknown } | null)?.default,
    (loaded as { Router?: unknown } | null)?.Router
  ]
  return candidates.find(
    (value) =>
      typeof value === 'function' &&
      typeof (value as { prototype?: { match?: unknown } }).prototype?.match === 'function'
  ) as RouterClass | undefined
}

/**
 * Builds pulya's Router on top of an `@koa/router` class (the installed one for the
 * `Router` export; a checkout's own when its test suite runs against pulya).
 *
 * @param options - pulya's options for routers created without a `pulya` key
 */
export function createRouterClass(Base: RouterClass, options?: KoaOptions): RouterClass {
  // Read through `unknown`: @koa/router's own types for these are richer than pulya's.
  const baseMatch: Match = (Base.prototype as { match: unknown }).match as Match
  const basePrefix = (Base.prototype as { prefix: unknown }).prefix as (
    this: unknown,
    path: unknown
  ) => unknown
  const defaults = resolveRouterOptions(options)
  const optionsOf = new WeakMap<object, ResolvedCoreOptions>()
  // Every router made by the constructor has its cache; a clone made by `router.use(other.routes())`
  // (Object.create + assign, no constructor) gets one on first use.
  const cacheOf: OwnKoaRouterState = (router: object): KoaRouterState =>
    koaRouterStateOf(router as KoaRouter) ??
    createKoaRouterState(router as KoaRouter, baseMatch, optionsOf.get(router) ?? defaults)
  class Router extends Base {
    constructor(options?: PulyaRouterOptions) {
      let own: KoaOptions | undefined
      let forBase = options
      if (options !== undefined && Object.hasOwn(options, 'pulya')) {
        const { pulya: mine, ...rest } = options
        own = mine
        forBase = rest
      }
      // Validated before the router exists: a bad option throws like `pulya(options)` does.
      const resolved = own === undefined ? defaults : resolveRouterOptions(own)
      super(forBase)
      optionsOf.set(this, resolved)
      cacheOf(this)
    }
  }
  // Methods as a class body would define them: writable, configurable, not enumerable.
  const method = (value: unknown): PropertyDescriptor => ({
    value,
    writable: true,
    configurable: true,
    enumerable: false
  })
  Object.defineProperties(Router.prototype, {
    match: method(function match(this: KoaRouter, path: string, verb: string): KoaMatch {
      return cachedMatch(this, cacheOf(this), path, verb)
    }),
    prefix: method(forgettingPrefix(basePrefix)),
    [OWN_ROUTER_STATE]: { value: cacheOf, writable: false, configurable: false, enumerable: false }
  })
  return Router
}

/** Stands in for the Router when `@koa/router` is not installed: says so when used. */
function missingRouterClass(cause: unknown): RouterClass {
  return function Router(): never {
    throw pulyaError(
      Error,
      PULYA_ERR_NO_KOA_ROUTER,
      'pulya/koa: Router extends @koa/router, which is not installed (npm install @koa/router)',
      cause
    )
  } as unknown as RouterClass
}

/** pulya's Router over the `@koa/router` that was loaded, or a stand-in that explains. */
export function loadRouter(peer: PeerModule): RouterClass {
  if (peer.failure !== undefined) return missingRouterClass(peer.failure)
  const Base = routerClassOf(peer.loaded)
  return Base === undefined
    ? missingRouterClass(new TypeError('@koa/router exports no Router class'))
    : createRouterClass(Base)
}

/**
 * A drop-in for `@koa/router`'s `Router`: `import { Router } from 'pulya/koa'` (or the default
 * export of `@koa/router` replaced by this one) and nothing else changes.
 *
 * @example
 * import Koa from 'koa'
 * import { Router } from 'pulya/koa'
 * const router = new Router({ prefix: '/api' })
 * router.get('/users/:id', (ctx) => { ctx.body = { id: ctx.params.id } })
 * new Koa().use(router.routes()).use(router.allowedMethods())
 */
export const Router: RouterClass = loadRouter(koaRouterPeer)
