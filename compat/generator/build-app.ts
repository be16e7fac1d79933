/**
 * Turns an app spec into a real Express app (and a late layer into real registrations),
 * the same way each time it is called, so vanilla and pulya get identical apps.
 * @module
 */
import type { Express, RequestHandler, Router } from 'express'
import type { Host } from '../cases/_types.js'
import { nameApp } from '../observe.js'
import { makeErrorHandler, makeHandler, makeParam } from './handlers.js'
import { renderPath } from './paths.js'
import type { AppSpec, HandlerSpec, LayerSpec, Major, SettingsSpec } from './spec.js'

/** What layers are registered on: an app or a router share these methods. */
type Target = Express | Router

function handlersFor(specs: readonly HandlerSpec[], label: string): RequestHandler[] {
  return specs.map((spec, i) => makeHandler(spec, `${label}.h${i}`))
}

/** Applies `settings` to an app; only what differs from Express's defaults is set. */
export function applySettings(app: Express, settings: SettingsSpec): void {
  if (settings.caseSensitive) app.set('case sensitive routing', true)
  if (settings.strict) app.set('strict routing', true)
  if (settings.queryParser !== null) app.set('query parser', settings.queryParser)
}

/** `target.use([path,] ...handlers)`: the spec's unions do not fit Express's overloads. */
function useOn(
  target: Target,
  path: ReturnType<typeof renderPath> | null,
  handlers: readonly unknown[]
): void {
  const use = (target as unknown as { use: (...args: unknown[]) => unknown }).use
  if (path === null) use.call(target, ...handlers)
  else use.call(target, path, ...handlers)
}

function registerRoute(
  target: Target,
  method: string,
  path: ReturnType<typeof renderPath>,
  handlers: RequestHandler[]
): void {
  const register = (
    target as unknown as Record<string, (path: unknown, ...handlers: RequestHandler[]) => unknown>
  )[method]
  if (register === undefined) throw new Error(`generator: no method ${method}`)
  register.call(target, path, ...handlers)
}

function registerLayer(host: Host, major: Major, target: Target, layer: LayerSpec, label: string): void {
  switch (layer.type) {
    case 'use':
      useOn(
        target,
        layer.path === null ? null : renderPath(layer.path, major),
        handlersFor(layer.handlers, label)
      )
      return
    case 'route':
      registerRoute(target, layer.method, renderPath(layer.path, major), handlersFor(layer.handlers, label))
      return
    case 'chain': {
      const route = target.route(renderPath(layer.path, major) as string) as unknown as Record<
        string,
        (...handlers: RequestHandler[]) => unknown
      >
      layer.methods.forEach(({ method, handlers }, i) => {
        route[method]?.call(route, ...handlersFor(handlers, `${label}.${method}${i}`))
      })
      return
    }
    case 'error':
      useOn(target, layer.path === null ? null : renderPath(layer.path, major), [
        makeErrorHandler(layer.mode, label)
      ])
      return
    case 'router': {
      const router = host.Router(layer.options)
      for (const name of layer.params) router.param(name, makeParam(`${label}.param`))
      layer.layers.forEach((child, i) => {
        registerLayer(host, major, router, child, `${label}.${i}`)
      })
      for (const mount of layer.mounts) useOn(target, renderPath(mount, major), [router])
      return
    }
    case 'subapp': {
      const sub = nameApp(host(), label)
      applySettings(sub, layer.settings)
      for (const name of layer.params) sub.param(name, makeParam(`${label}.param`))
      layer.layers.forEach((child, i) => {
        registerLayer(host, major, sub, child, `${label}.${i}`)
      })
      for (const mount of layer.mounts) useOn(target, renderPath(mount, major), [sub])
      return
    }
    case 'settings':
      // Only apps have settings; a router ignores this layer.
      if ('set' in target) applySettings(target, layer.settings)
      return
  }
}

/**
 * Registers the late layer on the running app, between two requests.
 *
 * @param host - the Express factory (for late routers and sub-apps)
 * @param spec - the app spec (its `late` layer is used)
 * @param app - the running root app
 */
export function registerLate(host: Host, spec: AppSpec, app: Express): void {
  if (spec.late !== null) registerLayer(host, spec.major, app, spec.late.layer, 'late')
}

/**
 * Builds the root app described by `spec` with `host`.
 *
 * @param host - `express` (5) or `express4`, possibly wrapped by the differential runner
 * @param spec - the app
 * @example
 * runDifferential(express, (e) => buildApp(e, spec), steps)
 */
export function buildApp(host: Host, spec: AppSpec): Express {
  const app = nameApp(host(), 'root')
  app.set('env', spec.env)
  applySettings(app, spec.settings)
  for (const name of spec.params) app.param(name, makeParam('app.param'))
  spec.layers.forEach((layer, i) => {
    registerLayer(host, spec.major, app, layer, `L${i}`)
  })
  return app
}
