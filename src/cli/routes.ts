/**
 * Route discovery: every route of a loaded app with its full template, and the route that
 * answers a request, each by the app's kind (app-kinds/: Express layers, Koa routers).
 */
import { kindNamed, kindOf } from './app-kinds/index.js'

/** One route: its methods (upper case, `ALL` for `all()`) and full template. */
export interface RouteInfo {
  methods: string[]
  path: string
  /** False when part of the template could not be read (a RegExp path): shown, never requested. */
  exact: boolean
}

/** Every route of `app`, in the order the host tries them; none for what is no known app. */
export function discoverRoutes(app: unknown, kind: string | undefined = kindOf(app)?.name): RouteInfo[] {
  return kind === undefined ? [] : kindNamed(kind).routes(app)
}

/** The routes as an aligned text table. */
export function formatRoutes(routes: readonly RouteInfo[]): string {
  const rows = routes.map(
    (r) => [r.methods.join(','), r.path + (r.exact ? '' : '  (not readable: never requested)')] as const
  )
  const width = Math.max(6, ...rows.map(([m]) => m.length))
  return (
    ['METHOD'.padEnd(width) + '  PATH', ...rows.map(([m, p]) => m.padEnd(width) + '  ' + p)].join('\n') + '\n'
  )
}

/**
 * The template of the route that answers `method path` in `app`, found with the host's own
 * matchers in the order the host tries them; null when no route does (a path only middleware
 * answers, or a 404). The template is the one discoverRoutes lists.
 * @example findRoute(app, 'express', 'GET', '/users/42') // '/users/:id'
 */
export function findRoute(
  app: unknown,
  kind: string | undefined,
  method: string,
  path: string
): string | null {
  return kind === undefined ? null : kindNamed(kind).findRoute(app, method, path.split('?')[0] as string)
}
