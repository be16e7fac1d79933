/**
 * The shape of a host contract case, and small helpers to write requests tersely.
 * @module
 */
import type { Express, Request, RequestHandler, Router, RouterOptions } from 'express'
import type { DiffRequest, DiffStep, Injection } from '../differential.js'
import { trace } from '../observe.js'

/** The Express factory a case builds with (5.x or the 4.x alias). */
export interface Host {
  (): Express
  Router: (options?: RouterOptions) => Router
}

/** One contract case: an app, a scenario, and the Express majors it applies to. */
export interface ContractCase {
  readonly name: string
  /** Majors whose path syntax or API the case uses; all when absent. */
  readonly majors?: readonly (4 | 5)[]
  /** Where pulya goes; `'first'` (right after `express()`, as the README says) when absent. */
  readonly inject?: Injection
  /** Applied to bodies and logs of both variants, e.g. `normalizeStackFrames`. */
  readonly normalize?: (text: string) => string
  /** Builds the app; `major` picks a path syntax where the two majors differ. */
  readonly build: (express: Host, major: 4 | 5) => Express
  readonly steps: readonly DiffStep[]
}

/** A request step. */
export function req(method: string, path: string, headers?: Record<string, string>): DiffRequest {
  return headers === undefined ? { method, path } : { method, path, headers }
}

/** GET requests, one per path. */
export function gets(...paths: string[]): DiffRequest[] {
  return paths.map((path) => ({ method: 'GET', path }))
}

/** The same path requested with each method. */
export function methods(path: string, ...names: string[]): DiffRequest[] {
  return names.map((method) => ({ method, path }))
}

/** The router an app dispatches with (`app._router` in Express 4, `app.router` in 5). */
export function routerOf(app: Express): Router {
  const legacy = (app as unknown as { _router?: Router })._router
  return legacy ?? (app as unknown as { router: Router }).router
}

/**
 * Removes the first layer of `router` whose handle is `handle`, or whose route has it in
 * its stack; throws if there is none.
 */
export function spliceOut(router: Router, handle: unknown): void {
  const index = router.stack.findIndex(
    (layer) =>
      layer.handle === handle ||
      (layer.route?.stack as Array<{ handle: unknown }> | undefined)?.some(
        (inner) => inner.handle === handle
      ) === true
  )
  if (index === -1) throw new Error('spliceOut: no such layer')
  router.stack.splice(index, 1)
}

const COUNTS = new WeakMap<Request, number>()

/** A middleware that counts how many times it ran for this request, then calls `next()`. */
export const count: RequestHandler = function counting(req, _res, next) {
  COUNTS.set(req, (COUNTS.get(req) ?? 0) + 1)
  next()
}

/** Answers with the count so far (and records it in the trace). */
export function replyCount(label: string): RequestHandler {
  return function replyingCount(req, res) {
    trace(req, label)
    res.json({ at: label, count: COUNTS.get(req) ?? 0 })
  }
}
