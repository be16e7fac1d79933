/**
 * Named points inside pulya's own steps where a test can make pulya fail on purpose, to prove
 * that every such failure is served the host's own way (docs/reliability.md#fault-points).
 *
 * Nothing is armed in production: each point is one comparison of a module variable that is
 * `null` with a constant string. Only tests arm a point ({@link armFault}); the module is not
 * part of pulya's public entry points.
 */

/** Every fault point, in the order a request meets them. */
export const FAULT_POINTS = Object.freeze([
  /** Reading a router's layers into the route index (`StackIndex.buildStep`). */
  'index-build',
  /** The route index lookup (`StackIndex.candidates`). */
  'route-index',
  /** The route cache's lookup. */
  'route-cache-get',
  /** Storing an answer in the route cache (after the entry is stored: a half-done step). */
  'route-cache-set',
  /** Building an Express walk plan from the candidates. */
  'walk-plan',
  /** An Express gap sentinel checking whether its plan still holds. */
  'gap-sentinel',
  /** The Express response mirror's Content-Type and charset memos (`res.send`, `res.json`). */
  'response-memo',
  /** Building the page of pulya's Express final handler (404, error pages). */
  'final-page',
  /** The ETag memo in front of Express's own generators: its lookup. */
  'etag-memo',
  /** The ETag memo keeping a tag Express's generator made. */
  'etag-memo-store',
  /** Koa: the response mirror's choice of what to write. */
  'respond-mirror',
  /** Koa: the `ctx.body` setter's classification of a body. */
  'body-setter',
  /** Koa: the header setters' fast path. */
  'header-setters',
  /** The metrics monitor admitting a request. */
  'monitor-admit',
  /** The metrics monitor recording a finished request. */
  'monitor-record'
] as const)

/** One of {@link FAULT_POINTS}. */
export type FaultPoint = (typeof FAULT_POINTS)[number]

/** The error an armed point throws. */
export class InjectedFault extends Error {
  /** The point that threw. */
  readonly point: FaultPoint

  constructor(point: FaultPoint) {
    super(`pulya: fault injected at ${point}`)
    this.name = 'InjectedFault'
    this.point = point
  }
}

let armed: FaultPoint | null = null

/**
 * Throws an {@link InjectedFault} when `point` is armed; does nothing otherwise (always, in
 * production).
 *
 * @example fault('route-cache-get')
 */
export function fault(point: FaultPoint): void {
  if (armed === point) throw new InjectedFault(point)
}

/**
 * Arms `point` (tests only): every pass through it throws until {@link armFault}(null).
 *
 * @example
 * armFault('walk-plan')
 * await request(app).get('/users/7') // served by Express's own dispatch, counted in stats().fallbacks
 * armFault(null)
 */
export function armFault(point: FaultPoint | null): void {
  armed = point
}
