/**
 * `pulya explain` for a Koa app: what pulya does for each `@koa/router` among the app's
 * middleware and for Koa's responses, and why not where it does not — read from the state
 * pulya keeps (the routers' caches, what it put on the app's prototypes), changing nothing.
 * Internal: for the CLI, not exported from `pulya/koa`.
 */
import {
  explainRouter,
  hostPackage,
  type AppExplanation,
  type FeatureExplanation,
  type FeatureReason,
  type RouterExplanation,
  type RouterReading
} from '../core/explain.js'
import { modulePath } from '../core/loaded-modules.js'
import type { ResolvedCoreOptions } from '../core/options.js'
import { DISCOVER_APP, OWN_ROUTER_STATE } from '../core/symbols.js'
import type { KoaAppLike } from './host-types.js'
import { resolveKoaOptions } from './options.js'
import { hasPreparedKoaBody } from './responses/body-setter.js'
import { hasPreparedKoaResponse } from './responses/header-setters.js'
import { knownAs } from './responses/known-members.js'
import { hasPreparedKoaRespond } from './responses/respond-mirror.js'
import type { OwnKoaRouterState } from './routing/app-routers.js'
import { koaRouterStateOf, type KoaRouter } from './routing/cached-match.js'
import { readKoaLayerPattern, type KoaLayerShape } from './routing/layer-pattern.js'

/** A layer's path as @koa/router keeps it. */
function show(layer: KoaLayerShape | undefined): string {
  const path = layer?.path
  return typeof path === 'string' ? path : path instanceof RegExp ? String(path) : '(none)'
}

/** Koa's index needs every layer's match to be its RegExp's stateless test (cached-match.ts, isPure). */
function isPure(layer: KoaLayerShape): boolean {
  const { regexp } = layer
  return (
    regexp instanceof RegExp &&
    !regexp.global &&
    !regexp.sticky &&
    !Object.prototype.hasOwnProperty.call(layer, 'match')
  )
}

function reading(options: ResolvedCoreOptions): RouterReading<KoaLayerShape> {
  return {
    read: readKoaLayerPattern,
    show,
    refused: (stack) => {
      if (options.cache === false) return { code: 'cache-off' }
      const position = stack.findIndex((layer) => !isPure(layer))
      return { code: 'unpure-layer', position, path: show(stack[position]) }
    }
  }
}

/** The options of the app's `pulya()` middleware, or pulya's defaults when it has none. */
function installOptions(middleware: readonly unknown[]): {
  options: ResolvedCoreOptions
  installed: boolean
} {
  for (const fn of middleware) {
    const pulya = fn as { [DISCOVER_APP]?: unknown; options?: ResolvedCoreOptions } | null
    if (typeof pulya?.[DISCOVER_APP] === 'function' && pulya.options !== undefined)
      return { options: pulya.options, installed: true }
  }
  return { options: resolveKoaOptions(), installed: false }
}

/** Every `@koa/router` among the app's middleware, explained. */
function explainRouters(middleware: readonly unknown[], options: ResolvedCoreOptions): RouterExplanation[] {
  const routers: RouterExplanation[] = []
  for (const fn of middleware) {
    const router = (fn as { router?: unknown } | null)?.router as
      (KoaRouter & { opts?: { prefix?: unknown }; [OWN_ROUTER_STATE]?: OwnKoaRouterState }) | undefined
    if (!Array.isArray(router?.stack) || typeof router.match !== 'function') continue
    const own = router[OWN_ROUTER_STATE]
    const prefix =
      typeof router.opts?.prefix === 'string' && router.opts.prefix !== ''
        ? ` (prefix ${router.opts.prefix})`
        : ''
    const name = `${own === undefined ? '@koa/router' : "pulya's Router"} #${routers.length + 1}${prefix}`
    const state = own === undefined ? koaRouterStateOf(router) : own(router)
    routers.push(explainRouter(name, router.stack, state, options, reading(options)))
  }
  return routers
}

/**
 * Why a response feature is off: the app's own member is there, or the key member's text is
 * not one pulya knows (a Koa version new to it: `file` is where it is defined), or pulya left
 * Koa's own for a reason it does not keep.
 */
function whyOff(
  key: { name: string; value: unknown },
  own: { names: readonly string[]; holder: object },
  file: string | null,
  version: string | null
): FeatureReason {
  const mine = own.names.find((name) => Object.hasOwn(own.holder, name))
  if (mine !== undefined) return { code: 'app-own', member: mine }
  if (knownAs(key.name, key.value) === undefined)
    return { code: 'unknown-source', member: key.name, file, version }
  return { code: 'left-alone' }
}

/** Koa's three response features: on, or why not. */
function explainFeatures(app: KoaAppLike, host: AppExplanation['host']): FeatureExplanation[] {
  const appResponse: object = typeof app.response === 'object' && app.response !== null ? app.response : {}
  const response = (Object.getPrototypeOf(appResponse) ?? {}) as { set?: unknown }
  const responseFile = modulePath(response) ?? null
  const owner = (Object.getPrototypeOf(app) ?? {}) as { handleRequest?: unknown }
  // Read as values, never called: the accessor's setter is compared by its text.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const setter = (name: string): unknown => Object.getOwnPropertyDescriptor(response, name)?.set
  const headers = { names: ['set', 'type'], holder: appResponse }
  const setOn = hasPreparedKoaResponse(app)
  const bodyOn = hasPreparedKoaBody(app)
  const respondOn = hasPreparedKoaRespond(app)
  return [
    {
      feature: 'response.set and ctx.type',
      saves: 'the header work of every ctx.body =, done once per value',
      on: setOn,
      reason: setOn
        ? null
        : host.version?.startsWith('2.') === true
          ? { code: 'not-needed', why: "Koa 2's response.set is direct already" }
          : knownAs('set', response.set) === undefined
            ? whyOff({ name: 'set', value: response.set }, headers, responseFile, host.version)
            : whyOff({ name: 'set type', value: setter('type') }, headers, responseFile, host.version)
    },
    {
      feature: 'ctx.body = …',
      saves: "Koa's body setter's checks for a string, Buffer or JSON body",
      on: bodyOn,
      reason: bodyOn
        ? null
        : whyOff(
            { name: 'set body', value: setter('body') },
            { names: ['body', 'status', 'length', 'has', 'headerSent'], holder: appResponse },
            responseFile,
            host.version
          )
    },
    {
      feature: 'respond (the end of every request)',
      saves: "Koa's handleRequest and respond, mirrored without their per-request checks",
      on: respondOn,
      reason: respondOn
        ? null
        : whyOff(
            { name: 'prototype.handleRequest', value: owner.handleRequest },
            { names: ['handleRequest'], holder: app },
            host.file,
            host.version
          )
    }
  ]
}

/**
 * What pulya does for the Koa app `app`, as plain data (core/explain.ts): its routers and its
 * response features, on or off and why. Reads only.
 * @example explainKoaApp(app).routers[0]?.reason // { code: 'small', smallStack: 6 }
 */
export function explainKoaApp(app: unknown): AppExplanation {
  const koa = app as KoaAppLike
  const middleware = Array.isArray(koa.middleware) ? (koa.middleware as unknown[]) : []
  const { options, installed } = installOptions(middleware)
  // Koa's application class, found by its module; a plain object's constructor is Object, no host.
  const constructor = (Object.getPrototypeOf(koa) as { constructor?: unknown } | null)?.constructor
  const file = constructor === Object ? null : (modulePath(constructor) ?? null)
  const found = hostPackage(file ?? undefined)
  const host = { name: found?.name ?? 'koa', version: found?.version ?? null, file }
  return {
    host,
    installed,
    routers: explainRouters(middleware, options),
    features: explainFeatures(koa, host)
  }
}
