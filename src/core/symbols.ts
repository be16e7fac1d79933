/**
 * Every key pulya keeps its state under on objects it does not own (apps, routers, responses,
 * arrays): one home, so two modules never make two symbols for one concept, and a reader sees
 * at a glance everything pulya may leave on a host object. Each is a plain `Symbol` (not
 * `Symbol.for`): the ESM and CommonJS builds of pulya in one process keep apart.
 */

/** On an Express app: its pulya install (`express/install`). */
export const INSTALL = Symbol('pulya.install')

/** On an Express app: the server classes made for it (`express/install/server-classes`). */
export const SERVER_CLASSES = Symbol('pulya.serverClasses')

/**
 * On what a host calls per request for one router: pulya's per-router state (Express: the
 * `handle` function pulya puts on the router; Koa: the `@koa/router` instance).
 */
export const ROUTER_STATE = Symbol('pulya.routerState')

/** On the prototype of pulya's own Koa `Router` class: gives an instance's state. */
export const OWN_ROUTER_STATE = Symbol('pulya.ownRouterState')

/** On pulya's Koa middleware: finds and accelerates the routers of an app (`warm(app)` calls it). */
export const DISCOVER_APP = Symbol('pulya.discoverApp')

/** On a monitored response: when its request started (`metrics`). */
export const REQUEST_START = Symbol('pulya.requestStart')

/** On a monitored response: the Koa context of its request (`metrics`). */
export const REQUEST_CONTEXT = Symbol('pulya.requestContext')

/** On a tracked array: its version, bumped by every mutator (`core/tracked-array`). */
export const ARRAY_VERSION = Symbol('pulya.arrayVersion')

/** On a NestJS `PulyaExpressAdapter`: its install (`nest/adapter`). */
export const NEST_ADAPTER = Symbol('pulya.nestAdapter')
