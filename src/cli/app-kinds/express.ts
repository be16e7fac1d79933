/** Express 4 and 5 apps: the AppKind the command uses for them. */
import type { RequestListener, Server } from 'http'
import type { createServer } from '../../express/install/server-classes.js'
import { isExpressApp } from '../../express/install/install.js'
import { appStack, recordMountedApps } from '../../express/routing/route-tree.js'
import { APPLICATION_FILE, carriesPulya, type AppKind, type LoadWatch } from './app-kind.js'
import { expressIsEmpty, expressRoutes, findExpressRoute } from './express-routes.js'

interface Application {
  use: (...args: unknown[]) => unknown
}

/**
 * Express keeps no link from a router to the sub-apps mounted on it (the layer holds a
 * closure), so while the app is built its `application.use` records each `mounted_app` layer's
 * sub-app for the route tree (express/routing/route-tree.ts).
 */
function recordSubApps(application: Application, watch: LoadWatch): void {
  const use = application.use
  watch.patch(application, 'use', function (this: unknown, ...args: unknown[]): unknown {
    const apps = args.flat(Infinity).filter(isExpressApp)
    const result = use.apply(this, args)
    recordMountedApps(this, apps)
    return result
  })
}

/** Express: an app is its own request listener; pulya's createServer gives it the server classes. */
export const EXPRESS: AppKind = {
  name: 'express',
  title: 'Express',
  is: isExpressApp,
  beforeLoad(require, watch) {
    let application: Application
    try {
      application = (require('express') as { application: Application }).application
    } catch {
      // The module does not resolve express (its app may still come from elsewhere).
      return
    }
    recordSubApps(application, watch)
  },
  // `app.listen = function listen() { … server.listen.apply(server, arguments) }` in Express 4
  // and 5's lib/application.js; the app, a function, is its `this`.
  isOwnListen: (caller) =>
    caller.functionName === 'listen' &&
    caller.typeName === 'Function' &&
    APPLICATION_FILE.test(caller.fileName ?? ''),
  appOfListener: (listener) => (isExpressApp(listener) ? listener : undefined),
  routes: expressRoutes,
  findRoute: findExpressRoute,
  isEmpty: expressIsEmpty,
  // Its install context and server classes live on the app.
  hasPulya: (app) => carriesPulya(app as object),
  async installPulya(app, options) {
    // Imported here: a vanilla app process never loads pulya.
    ;(await import('../../express/index.js')).accelerate(app, options)
  },
  handler: (app) => app as RequestListener,
  handlerCode: 'http.createServer(app)',
  listen: (app, port, host, ready) =>
    (app as { listen(port: number, host: string, ready: () => void): Server }).listen(port, host, ready),
  pulyaServer: {
    create: async (app) =>
      (await import('../../express/index.js')).createServer(app as Parameters<typeof createServer>[0]),
    code: {
      from: 'http.createServer(app)',
      to: "createServer(app)  // import { createServer } from 'pulya/express'"
    }
  },
  async explain(app) {
    // An app's first request reads its router, and that is when pulya meets an Express 5 app's
    // (its lazy getter): read it as that request would, then build every index as the warm-up does.
    appStack(app)
    ;(await import('../../express/index.js')).warm(app)
    return (await import('../../express/explain.js')).explainExpressApp(app)
  }
}
