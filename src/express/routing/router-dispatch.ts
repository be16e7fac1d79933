/**
 * Accelerated dispatch for one Express router (Express 4's router or the `router` package of
 * Express 5), behind the router's own `handle` (docs/how-it-works.md#routing).
 *
 * Express's own `handle` keeps every rule of `next()`, params, OPTIONS, errors and prefix
 * trimming; it only walks another array: a per-request copy of the cached {@link WalkPlan} for
 * the path. A {@link GapSentinel} between candidates is called like any layer's matcher and,
 * when the path or the stack changed since the plan was made, splices the real stack back in,
 * so Express then walks exactly what it would have walked.
 *
 * Pulya's part of a request (index, cache, plan) is one guarded call before Express's `handle`
 * runs; when it throws, Express's `handle` walks the whole stack (docs/reliability.md).
 */
import { stackView, type StackSnapshot } from '../../core/stack-index.js'
import type { RouteCache } from '../../core/route-cache.js'
import { findMissed, type Verifier } from '../../core/verify.js'
import { RouterState as CoreRouterState } from '../../core/router-state.js'
import type { ResolvedCoreOptions } from '../../core/options.js'
import { ROUTER_STATE as STATE } from '../../core/symbols.js'
import type { WarmQueue } from '../../core/warm.js'
import { warmAfterColdRequest } from '../install/warm-up.js'
import { fault } from '../../core/fault-points.js'
import { fellBack } from '../../core/fallbacks.js'
import { readLayerPattern, type ExpressLayer } from './layer-pattern.js'

/** The request as the router's `handle` sees it: only its URL is read here. */
interface RoutedRequest {
  url?: unknown
}

/** Express's `router.handle(req, res, out)`. */
export type Handle = (this: unknown, req: RoutedRequest, res: object, out: (err?: unknown) => void) => unknown

/** The parts of an Express router pulya uses. */
export interface ExpressRouter {
  stack: ExpressLayer[]
  handle: Handle
}

/**
 * pulya's `router.handle`: one per router, carrying that router's state. The state lives on
 * the function, not on the router object: agents wrap a layer's `handle` (the router function)
 * in a function that proxies the router's string keys (OpenTelemetry's express instrumentation
 * does), so pulya may reach a router only through such a wrapper, while Express calls
 * `router.handle` on the real router: `wrapper.handle` and `router.handle` are the same
 * function, so both find it.
 */
interface AcceleratedHandle extends Handle {
  readonly [STATE]: RouterState
}

/** What a path resolves to in one router: the layers Express walks, with the skipped ones marked. */
class WalkPlan {
  /** Candidate layers in stack order; `null` where a gap sentinel goes. */
  readonly layers: Array<ExpressLayer | null>
  /** Positions in `layers` of the gap sentinels. */
  readonly gaps: number[]
  /** For each gap, the stack position where the skipped layers begin. */
  readonly gapStarts: number[]
  /** The stack the plan was made from. */
  readonly snapshot: StackSnapshot

  constructor(snapshot: StackSnapshot) {
    this.layers = []
    this.gaps = []
    this.gapStarts = []
    this.snapshot = snapshot
  }
}

/** Cached for paths where every layer is a candidate: Express walks the real stack. */
const WALK_WHOLE_STACK = new WalkPlan(null as unknown as StackSnapshot)

/** Stands for skipped layers in the array Express walks; see the module comment. */
class GapSentinel {
  /** Express reads `layer.route` of every layer it tries: an own field keeps that read cheap. */
  readonly route = undefined
  readonly layers: unknown[]
  readonly plan: WalkPlan
  readonly stack: ExpressLayer[]
  readonly path: string
  cursor = 0

  constructor(layers: unknown[], plan: WalkPlan, stack: ExpressLayer[], path: string) {
    this.layers = layers
    this.plan = plan
    this.stack = stack
    this.path = path
  }

  /**
   * Express's scan visits the gaps in order, once each, so the cursor names this gap. Never
   * throws: Express would turn a matcher's error into a 400, so a failure walks the real stack.
   */
  match(path: string): false {
    const gap = this.cursor++
    try {
      fault('gap-sentinel')
      if (path === this.path && this.plan.snapshot.isCurrent(this.stack)) return false
    } catch (error) {
      fellBack('gap-sentinel', error)
    }
    // "/old" rewritten to "/new" by a middleware: walk the real stack from this gap on.
    this.walkStackFrom(gap)
    return false
  }

  /** Puts the real stack's layers from gap `gap` on in place of the rest of the plan. */
  walkStackFrom(gap: number): void {
    const plan = this.plan
    const stack = this.stack
    const layers = this.layers
    layers.length = (plan.gaps[gap] as number) + 1
    for (let i = plan.gapStarts[gap] as number; i < stack.length; i++) layers.push(stack[i])
  }
}

/**
 * The routers accelerated together — every router of one install (the install context is one) —
 * and what they share: the options and the warm-up that builds their indexes.
 */
export interface RouterGroup {
  readonly options: ResolvedCoreOptions
  readonly warm: WarmQueue<RouterState>
}

/** One Express router's state: core's per-router state, Express's `handle` and the route cache. */
export class RouterState extends CoreRouterState<ExpressLayer, WalkPlan> {
  declare readonly router: ExpressRouter
  /** The router's own `handle`, which dispatches every request over the array it is given. */
  readonly original: Handle
  readonly group: RouterGroup
  readonly cache: RouteCache<WalkPlan> | null

  constructor(router: ExpressRouter, group: RouterGroup) {
    super(router, readLayerPattern, group.options, group.warm)
    this.original = router.handle
    this.group = group
    this.cache = this.index.cache('')
  }

  /** Once the index is built, the routers in the stack are accelerated too (and join the warm-up). */
  protected built(stack: ExpressLayer[]): void {
    for (const layer of stack) {
      if (isRouter(layer.handle)) accelerateRouter(layer.handle, this.group)
    }
  }

  /** The walk for `path`, or `null` when every layer is a candidate. */
  plan(path: string, stack: ExpressLayer[]): WalkPlan | null {
    fault('walk-plan')
    const candidates = this.index.candidates(path)
    if (candidates.length === stack.length) return null
    const plan = new WalkPlan(this.index.snapshot)
    let next = 0
    for (const position of candidates) {
      if (position > next) {
        plan.gaps.push(plan.layers.length)
        plan.gapStarts.push(next)
        plan.layers.push(null)
      }
      plan.layers.push(stack[position] as ExpressLayer)
      next = position + 1
    }
    // The last gap always stands, so layers added while a request is in flight are seen.
    plan.gaps.push(plan.layers.length)
    plan.gapStarts.push(next)
    plan.layers.push(null)
    return plan
  }

  /** Verify mode: would Express's own matchers accept a layer the index skipped? */
  verify(verifier: Verifier, path: string, stack: ExpressLayer[]): boolean {
    const candidates = this.index.candidates(path)
    const missed = findMissed(stack.length, candidates, (position) => {
      try {
        return Boolean((stack[position] as ExpressLayer).match(path))
      } catch {
        return true
      }
    })
    if (verifier.record(missed.length === 0)) return true
    for (const position of missed) {
      verifier.warnOnce(
        String(position),
        `pulya: the route index skipped layer ${position} of a router for path ${JSON.stringify(path)}, which Express matches (index: [${candidates.join(', ')}]; Express also: [${missed.join(', ')}]). The request was served by Express's own matching.`
      )
    }
    return false
  }
}

/** A router is a function with a stack and Express's router methods. */
export function isRouter(value: unknown): value is ExpressRouter {
  if (typeof value !== 'function') return false
  const candidate = value as unknown as Partial<Record<'stack' | 'handle' | 'use' | 'route', unknown>>
  return (
    Array.isArray(candidate.stack) &&
    typeof candidate.handle === 'function' &&
    typeof candidate.use === 'function' &&
    typeof candidate.route === 'function'
  )
}

/** The state of an accelerated router (reached directly or through a wrapper), or undefined. */
function stateOf(router: ExpressRouter): RouterState | undefined {
  return (router.handle as Partial<AcceleratedHandle>)[STATE]
}

function createAcceleratedHandle(state: RouterState): AcceleratedHandle {
  const handle = function acceleratedHandle(
    this: ExpressRouter,
    req: RoutedRequest,
    res: object,
    out: (err?: unknown) => void
  ): unknown {
    return dispatch(state, this, req, res, out)
  }
  Object.defineProperty(handle, STATE, {
    configurable: false,
    enumerable: false,
    writable: false,
    value: state
  })
  return handle as AcceleratedHandle
}

function dispatch(
  state: RouterState,
  router: ExpressRouter,
  req: RoutedRequest,
  res: object,
  out: (err?: unknown) => void
): unknown {
  let walked: ExpressRouter
  try {
    walked = walkedRouter(state, router, req)
  } catch (error) {
    fellBack('router-dispatch', error)
    walked = router
  }
  // Outside the guard: what Express's handle calls is the app's code, whose errors are Express's.
  return state.original.call(walked, req, res, out)
}

/**
 * Pulya's whole step for one request: the router Express's `handle` is to walk — the router
 * itself, or a view of it over the walk plan for the path.
 */
function walkedRouter(state: RouterState, router: ExpressRouter, req: RoutedRequest): ExpressRouter {
  const stack = router.stack
  if (state.index.isStale(stack)) {
    // No index yet, and none to be built on a request: Express dispatches this one, the index is built right after.
    if (state.cold) {
      warmAfterColdRequest(state.warm)
      return router
    }
    state.rebuild(stack)
  }
  const url = req.url
  // Express derives the path itself; anything but "/path?query" is left to it.
  if (!state.index.narrows || typeof url !== 'string' || url.charCodeAt(0) !== 47) return router // '/'
  const query = url.indexOf('?')
  const path = query === -1 ? url : url.slice(0, query)
  const verifier = state.verifier
  if (verifier !== null && verifier.sample() && !state.verify(verifier, path, stack)) return router
  let plan: WalkPlan | null | undefined
  const cache = state.cache
  if (cache === null) {
    plan = state.plan(path, stack)
  } else {
    plan = cache.get(path)
    if (plan === undefined) {
      plan = state.plan(path, stack)
      cache.set(path, plan ?? WALK_WHOLE_STACK)
    }
  }
  if (plan === null || plan === WALK_WHOLE_STACK) return router
  const layers: unknown[] = plan.layers.slice()
  const sentinel = new GapSentinel(layers, plan, stack, path)
  const gaps = plan.gaps
  for (let i = 0; i < gaps.length; i++) layers[gaps[i] as number] = sentinel
  return stackView(router, layers as ExpressLayer[])
}

/**
 * Puts pulya's dispatch behind `router.handle` (once per router), in `group`. The index is built
 * when the app starts listening (the install's warm-up), or after the router's first request
 * (docs/how-it-works.md#warm-up), so routes added until then cost nothing.
 */
export function accelerateRouter(router: ExpressRouter, group: RouterGroup): void {
  if (stateOf(router) !== undefined) return
  router.handle = createAcceleratedHandle(new RouterState(router, group))
}
