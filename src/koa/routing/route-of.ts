/**
 * `routeOf(ctx)` for Koa: the full template of the `@koa/router` route that answered, with the
 * routers' prefixes (nested routers' layers carry them in their path). `@koa/router` and
 * pulya's `Router` put it on `ctx._matchedRoute` when a route matched; nothing else is
 * recorded per request.
 */

/**
 * The template of the route that answered `ctx`, or `undefined` when no route answered
 * (or the route's path is a RegExp).
 *
 * @example
 * app.use(async (ctx, next) => { await next(); log(routeOf(ctx)) }) // '/api/users/:id'
 */
export function routeOf(ctx: object): string | undefined {
  const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute
  return typeof matched === 'string' ? matched : undefined
}
