/**
 * `pulya explain` for an Express app: what pulya does for each router of the app (its own,
 * nested routers, mounted sub-apps) and for Express's responses, and why not where it does not —
 * read from the install pulya keeps on the app (its routers' states, its options) and the
 * decisions it made about the app's Express copy (which of its sources pulya knows), changing
 * nothing. Internal: for the CLI, not exported from `pulya/express`.
 */
import {
  explainRouter,
  hostPackage,
  type AppExplanation,
  type FeatureExplanation,
  type FeatureReason,
  type RouterExplanation
} from '../core/explain.js'
import { declarationOf, fingerprint, fingerprintText, knownSourcesOf } from '../core/known-sources.js'
import { loadedModules } from '../core/loaded-modules.js'
import { SERVER_CLASSES } from '../core/symbols.js'
import { applicationPath, hostModules, type HostModules } from './install/host-modules.js'
import { installedContext } from './install/install-context.js'
import { resolveExpressOptions, type ResolvedExpressOptions } from './options.js'
import { EXPRESS_KNOWN_SOURCES } from './responses/known-sources.js'
import { responseMirrorFor } from './responses/response-mirror.js'
import { layerTemplate, readLayerPattern, type ExpressLayer } from './routing/layer-pattern.js'
import {
  MOUNTED_APP,
  UNREADABLE,
  appStack,
  innerStack,
  joinMount,
  walkRouteTree
} from './routing/route-tree.js'
import type { RouterState } from './routing/router-dispatch.js'

/** An app as explain reads it: the members Express mixes into every app. */
interface AppLike {
  defaultConfiguration?: unknown
  response?: unknown
}

/** A layer's path as the app wrote it, or what stands for one that cannot be read. */
function show(layer: ExpressLayer): string {
  const template = layerTemplate(layer)
  return template === undefined ? UNREADABLE : template === '' ? '/' : template
}

/** Every router of the app in the order Express tries them: its own, then each mount's. */
function routerStacks(app: AppLike): Array<{ name: string; stack: ExpressLayer[]; subApp: boolean }> {
  const own = appStack(app)
  if (own === undefined) return []
  const found = [{ name: "the app's router", stack: own, subApp: false }]
  walkRouteTree(own, (layer, prefix) => {
    const inner = innerStack(layer)
    if (inner !== undefined) {
      const at = joinMount(prefix, layerTemplate(layer) ?? UNREADABLE) || '/'
      const subApp = (layer as { name?: unknown }).name === MOUNTED_APP
      found.push({ name: `${subApp ? 'sub-app' : 'router'} at ${at}`, stack: inner, subApp })
    }
    return false
  })
  return found
}

/** The state pulya keeps for the router whose stack is `stack`, among the install's. */
function stateOf(stack: ExpressLayer[], states: readonly RouterState[]): RouterState | undefined {
  return states.find((state) => state.router.stack === stack)
}

/** The record of the app's Express copy and its application file, found from `defaultConfiguration`. */
function modulesOf(app: AppLike): { modules: HostModules | null; application: string | null } {
  const application = applicationPath('defaultConfiguration', app.defaultConfiguration)
  if (application === undefined) return { modules: null, application: null }
  const exports = loadedModules()[application]?.exports as { handle: object }
  return { modules: hostModules(exports.handle), application }
}

/** The first of `names` whose text on `module` pulya does not know, or undefined. */
function unknownMember(module: Record<string, unknown>, names: readonly string[]): string | undefined {
  return names.find((name) => !knownSourcesOf(EXPRESS_KNOWN_SOURCES, name).has(fingerprint(module[name])))
}

/** The response mirror (res.send, res.json, res.sendStatus): on, or why not. */
function responseMirror(
  app: AppLike,
  options: ResolvedExpressOptions,
  modules: HostModules | null,
  host: AppExplanation['host']
): FeatureExplanation {
  const feature = {
    feature: 'res.send, res.json and res.sendStatus',
    saves: "Express's Content-Type and ETag work for a string or JSON body, done once per value"
  }
  const mirror = modules === null ? null : responseMirrorFor(modules)
  const response = (typeof app.response === 'object' && app.response !== null ? app.response : {}) as Record<
    string,
    unknown
  >
  if (mirror !== null && response['send'] === mirror.send) return { ...feature, on: true, reason: null }
  let reason: FeatureReason
  if (!options.responses) reason = { code: 'option-off', option: 'responses' }
  else if (modules?.response == null) reason = { code: 'left-alone' }
  else if (mirror === null) {
    const member = unknownMember(modules.response as unknown as Record<string, unknown>, [
      'send',
      'set',
      'type'
    ])
    reason = {
      code: 'unknown-source',
      member: `res.${member ?? 'send'}`,
      file: modules.require?.resolve('./response') ?? null,
      version: host.version
    }
  } else reason = { code: 'app-own', member: 'res.send' }
  return { ...feature, on: false, reason }
}

/** The final handler (the default 404 and error pages): on, or why not. */
function finalHandler(
  options: ResolvedExpressOptions,
  modules: HostModules | null,
  application: string | null,
  host: AppExplanation['host']
): FeatureExplanation {
  const feature = {
    feature: 'the default 404 and error pages',
    saves: "finalhandler's per-request set-up for every request the app answers at the top"
  }
  const logerror =
    modules?.applicationSource == null ? null : declarationOf(modules.applicationSource, 'logerror')
  const known =
    logerror !== null && knownSourcesOf(EXPRESS_KNOWN_SOURCES, 'logerror').has(fingerprintText(logerror))
  let reason: FeatureReason | null = null
  if (!options.responses) reason = { code: 'option-off', option: 'responses' }
  else if (modules?.finalhandler == null)
    reason =
      modules?.require == null
        ? { code: 'left-alone' }
        : {
            code: 'not-needed',
            why: 'its finalhandler is a version pulya does not reproduce, so Express answers'
          }
  else if (modules.finalhandler.debugEnabled)
    reason = {
      code: 'not-needed',
      why: "finalhandler's debug log is on (DEBUG), so pulya stays out of its way"
    }
  else if (!known)
    reason = { code: 'unknown-source', member: 'logerror', file: application, version: host.version }
  return { ...feature, on: reason === null, reason }
}

/** The server classes: made at install (they apply where pulya creates the server: the CLI says where). */
function serverClassesFeature(app: AppLike, options: ResolvedExpressOptions): FeatureExplanation {
  const made = (app as { [SERVER_CLASSES]?: unknown })[SERVER_CLASSES] !== undefined
  return {
    feature: 'server classes',
    saves:
      "Express's per-request change of the request's and response's prototypes, where pulya creates the server: app.listen() or pulya's createServer(app)",
    on: made,
    reason: made
      ? null
      : options.serverClasses
        ? { code: 'not-met' }
        : { code: 'option-off', option: 'serverClasses' }
  }
}

/**
 * What pulya does for the Express app `app`, as plain data (core/explain.ts): each router of
 * the app and the response features, on or off and why. Reads only — but reading an Express 5
 * app's router is what its first request does: a router no request has read yet is created (and
 * met by pulya) here, as it would be on that request.
 * @example explainExpressApp(app).routers.map((r) => r.name) // ["the app's router", 'router at /api']
 */
export function explainExpressApp(app: unknown): AppExplanation {
  const host = app as AppLike
  const install = installedContext(host)
  const options = install?.options ?? resolveExpressOptions()
  const states = install?.warm.targets ?? []
  const { modules, application } = modulesOf(host)
  const found = hostPackage(application ?? undefined)
  const described = { name: found?.name ?? 'express', version: found?.version ?? null, file: application }
  const routers: RouterExplanation[] = routerStacks(host).map(({ name, stack, subApp }) => {
    // Every stack above smallStack is indexed (a layer pulya cannot read is a candidate for every
    // path): no refusal of Express's own to explain.
    const router = explainRouter(name, stack, stateOf(stack, states), options, {
      read: readLayerPattern,
      show,
      everyPath: (layer) => layerTemplate(layer) === ''
    })
    return subApp && router.reason?.code === 'not-met'
      ? { ...router, reason: { code: 'not-met', subApp } }
      : router
  })
  return {
    host: described,
    installed: install !== undefined,
    routers,
    features: [
      responseMirror(host, options, modules, described),
      finalHandler(options, modules, application, described),
      serverClassesFeature(host, options)
    ]
  }
}
