/**
 * Installing pulya on an Express 4 or Express 5 app: every change pulya makes to the app is an
 * entry of {@link APP_WRAPS}, applied here and only here, in that order (MIGRATION.md#install).
 *
 * The modules that know what to do make the wrapped member — the app's router (app-router.ts),
 * the server classes (server-classes.ts), the warm-up (warm-up.ts), the ETag memo, the response
 * mirror and the final handler (responses/) — and this one puts it on the app.
 */
import type { ResolvedExpressOptions } from '../options.js'
import { accelerateRouter, isRouter, type ExpressRouter } from '../routing/router-dispatch.js'
import { recordMountedApps } from '../routing/route-tree.js'
import { routeOf } from '../routing/route-of.js'
import { attachContext, InstallContext, installedContext } from './install-context.js'
import { hostModules, type HostModules } from './host-modules.js'
import {
  acceleratingRouterGetter,
  keepProvisionalRouter,
  provisionalRouterGetter,
  takeMountedRouter,
  withProvisionalRouter,
  withRouterAcceleration,
  type ProvisionalRouter
} from './app-router.js'
import { serverClasses, withServerClasses, type AppWithPrototypes } from './server-classes.js'
import { warmingListen } from './warm-up.js'
import {
  memoiseEtagSetting,
  withEtagMemo,
  type AppSet,
  type AppWithSettings
} from '../responses/etag-memo.js'
import { mirroredResponseMethods } from '../responses/response-mirror.js'
import { withFinalHandler, type AppHandle } from '../responses/final-handler.js'
import { createMonitor, type Monitor, type MonitoredResponse } from '../../core/metrics/monitor.js'

/** The parts of an Express 4 or 5 application pulya uses. */
export interface ExpressApp {
  use: (...args: unknown[]) => unknown
  listen: (...args: unknown[]) => unknown
  handle: unknown
  set: unknown
  enabled: (setting: string) => boolean
  lazyrouter?: () => void
  _router?: ExpressRouter
  router?: ExpressRouter
}

/** Is `value` an Express application (what `app.use` treats as a sub-app)? */
export function isExpressApp(value: unknown): value is ExpressApp {
  if (typeof value !== 'function') return false
  const candidate = value as unknown as Partial<Record<'handle' | 'set' | 'use', unknown>>
  return (
    typeof candidate.handle === 'function' &&
    typeof candidate.set === 'function' &&
    typeof candidate.use === 'function'
  )
}

/** One pass of {@link APP_WRAPS} over an app: what the entries read to decide and to wrap. */
interface Installing {
  readonly app: ExpressApp
  readonly options: ResolvedExpressOptions
  readonly install: InstallContext
  /** The app had no install yet (otherwise only the provisional router's entries apply). */
  readonly fresh: boolean
  /** The install begins at this app; a sub-app mounted later joins it and is inside its requests. */
  readonly root: boolean
  /** The router `app.use(pulya())` created, kept until the app's code reaches for its own. */
  readonly provisional: ProvisionalRouter | null
  /** The modules of the app's Express, found before `handle` is wrapped (`responses` only). */
  readonly modules: HostModules | null
}

/** One change pulya makes to an app: the member it replaces, why, and the change. */
interface AppWrap {
  readonly member: string
  readonly why: string
  readonly apply: (installing: Installing) => void
}

/**
 * Every change pulya makes to an Express app, in the order they are applied. Later entries wrap
 * earlier ones of the same member, so the last lasting wrapper of `handle` — the monitor — is
 * outermost: a request passes it before any other of pulya's or the app's code. The Express 4
 * provisional-router entry alone goes around it, for the app's first request only, and then puts
 * back the `handle` it wrapped. Per request the chain is: monitor, final handler, Express's
 * `handle`; the other members are called at start-up or by the app's own code.
 */
export const APP_WRAPS: readonly AppWrap[] = [
  {
    member: 'lazyrouter',
    why: 'Express 4: the router is accelerated when Express creates it, now or later',
    apply({ app, install, fresh }) {
      if (!fresh || typeof app.lazyrouter !== 'function') return
      if (isRouter(app._router)) accelerateRouter(app._router, install)
      app.lazyrouter = withRouterAcceleration(app.lazyrouter, install)
    }
  },
  {
    member: 'router',
    why: 'Express 5: the router born in app.use(pulya()) takes the settings when the app first reaches for it',
    apply({ app, provisional }) {
      if (provisional?.major === 5)
        Object.defineProperty(app, 'router', provisionalRouterGetter(provisional.router))
    }
  },
  {
    member: 'router',
    why: 'Express 5: the lazy router getter accelerates the router it returns',
    apply({ app, install, fresh }) {
      if (!fresh || typeof app.lazyrouter === 'function') return
      const descriptor = Object.getOwnPropertyDescriptor(app, 'router') as PropertyDescriptor
      Object.defineProperty(app, 'router', acceleratingRouterGetter(descriptor, install))
    }
  },
  {
    member: 'request, response',
    why: 'serverClasses: the prototypes of server classes take their place, before any sub-app inherits from them',
    apply({ app, options, fresh }) {
      if (fresh && options.serverClasses) serverClasses(app as unknown as AppWithPrototypes)
    }
  },
  {
    member: 'listen',
    why: "serverClasses: Express's listen creates its server with those classes",
    apply({ app, options, fresh }) {
      if (fresh && options.serverClasses) app.listen = withServerClasses(app.listen)
    }
  },
  {
    member: 'listen',
    why: 'warm: the indexes start being built as the server starts',
    apply({ app, options, install, fresh }) {
      if (fresh && options.warm) app.listen = warmingListen(app.listen, install)
    }
  },
  {
    member: 'set',
    why: 'responses: the ETag memo stays in front of the etag fn after every app.set',
    apply({ app, options, fresh }) {
      if (!fresh || !options.responses) return
      memoiseEtagSetting(app as unknown as AppWithSettings)
      app.set = withEtagMemo(app.set as AppSet)
    }
  },
  {
    member: 'response.send, response.json, response.sendStatus',
    why: 'responses: the mirror of res.send/res.json/res.sendStatus on the app’s own response prototype',
    apply({ app, modules }) {
      if (modules === null) return
      const response = (app as unknown as AppWithPrototypes).response
      for (const { name, descriptor } of mirroredResponseMethods(response, modules))
        Object.defineProperty(response, name, descriptor)
    }
  },
  {
    member: 'handle',
    why: 'responses: the default 404 and error pages of requests the app answers at the top',
    apply({ app, modules }) {
      if (modules !== null) app.handle = withFinalHandler(app.handle as AppHandle, modules)
    }
  },
  {
    member: 'use',
    why: 'sub-apps mounted from now on join this install (and are recorded for the route tree)',
    apply({ app, options, install, fresh }) {
      if (fresh) app.use = withSubAppInstall(app.use, options, install)
    }
  },
  {
    member: 'handle',
    why: 'metrics/underPressure: every request passes the monitor first (a shed one costs only its 503)',
    apply({ app, options, install, fresh, root }) {
      if (!fresh || !root) return
      install.monitor = createMonitor(options.metrics, options.underPressure, {
        routeOf,
        stats: () => install.stats()
      })
      if (install.monitor !== null) app.handle = withMonitor(app.handle as AppHandle, install.monitor)
    }
  },
  {
    member: 'handle',
    why: 'Express 4: the router born in app.use(pulya()) is app._router until the first request, then goes with this wrapper',
    apply({ app, provisional }) {
      if (provisional?.major !== 4) return
      keepProvisionalRouter(app, provisional.router)
      app.handle = withProvisionalRouter(app.handle as (this: unknown, ...args: unknown[]) => unknown)
    }
  }
]

/**
 * Accelerates `app`: its router (now or when Express creates it), every router nested in it, and
 * the sub-apps mounted on it from now on — by applying {@link APP_WRAPS}. Idempotent.
 *
 * @param parent - the install a sub-app joins (its parent app's), none for an install that begins here
 * @param provisional - the router `app.use(pulya())` created in this call ({@link mountOnApp})
 */
export function installOnApp(
  app: ExpressApp,
  options: ResolvedExpressOptions,
  parent?: InstallContext,
  provisional: ProvisionalRouter | null = null
): InstallContext {
  const existing = installedContext(app)
  const fresh = existing === undefined
  const install = existing ?? parent ?? new InstallContext(options)
  if (fresh) attachContext(app, install)
  const installing: Installing = {
    app,
    options,
    install,
    fresh,
    root: parent === undefined,
    provisional,
    modules: fresh && options.responses ? hostModules(app.handle as object) : null
  }
  for (const wrap of APP_WRAPS) wrap.apply(installing)
  return install
}

/**
 * Called from `app.use(pulya())` through Express's sub-app protocol (`mount` event): takes
 * pulya's own layer out again, keeps a router born in this call as provisional, and installs.
 */
export function mountOnApp(app: ExpressApp, options: ResolvedExpressOptions): InstallContext {
  return installOnApp(app, options, undefined, takeMountedRouter(app))
}

/** `app.handle` behind the monitor: a request the monitor sheds never reaches the app. */
function withMonitor(handle: AppHandle, monitor: Monitor): AppHandle {
  return function monitoredHandle(this: unknown, req: object, res: object, callback?: unknown): void {
    if (monitor.admit(res as MonitoredResponse, undefined)) handle.call(this as never, req, res, callback)
  }
}

/** `app.use` that installs pulya on the sub-apps it mounts, in the same install. */
function withSubAppInstall(
  use: ExpressApp['use'],
  options: ResolvedExpressOptions,
  install: InstallContext
): ExpressApp['use'] {
  return function useInstallingSubApps(this: ExpressApp, ...args: unknown[]): unknown {
    const result = use.apply(this, args)
    const apps = args.flat(Infinity).filter(isExpressApp)
    recordMountedApps(this, apps)
    for (const app of apps) installOnApp(app, options, install)
    return result
  }
}
