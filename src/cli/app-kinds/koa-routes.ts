/** A Koa app's routes: the layers of every `@koa/router` among its middleware, and their matchers. */
import type { RouteInfo } from '../routes.js'

interface KoaLayer {
  path: unknown
  methods: string[]
}

/** A Koa app's middleware list. */
export function koaMiddleware(app: unknown): unknown[] {
  return (app as { middleware: unknown[] }).middleware
}

/** Every route of the app's routers, in middleware order. */
export function koaRoutes(app: unknown): RouteInfo[] {
  const routes: RouteInfo[] = []
  for (const middleware of koaMiddleware(app)) {
    const router = (middleware as { router?: { stack?: KoaLayer[] } }).router
    for (const layer of router?.stack ?? []) {
      // Middleware layers (router.use) have no methods; nested routers' layers carry the prefix.
      if (layer.methods.length === 0) continue
      const exact = typeof layer.path === 'string'
      routes.push({
        methods: [...layer.methods],
        path: exact ? (layer.path as string) : String(layer.path),
        exact
      })
    }
  }
  return routes
}

/** The template of the route that answers `method path`, by each router's own match(), or null. */
export function findKoaRoute(app: unknown, method: string, path: string): string | null {
  for (const middleware of koaMiddleware(app)) {
    const router = (
      middleware as { router?: { match(path: string, method: string): { pathAndMethod: KoaLayer[] } } }
    ).router
    const layer = router?.match(path, method).pathAndMethod.find((l) => l.methods.length > 0)
    if (layer !== undefined && typeof layer.path === 'string') return layer.path
  }
  return null
}
