/**
 * Accelerated dispatch for one Express router (Express 4's router or the `router` package
 * of Express 5), behind the router's own `handle`.
 *
 * Express walks `router.stack` and runs every layer's matcher until one accepts the path.
 * Pulya keeps Express's own `handle` — every rule of `next()`, params, OPTIONS, errors and
 * prefix trimming stays Express's — and only changes *which array it walks*: a per-request
 * copy of the cached candidate list for the path, in stack order. Between candidates sits a
 * {@link GapSentinel} standing for the layers the index skipped; Express calls its matcher
 * like any layer's, and if the path changed since the list was built (a middleware rewrote
 * `req.url`) or the stack changed, it splices the real stack back in from that point, so
 * Express then walks exactly what it would have walked.
 */
import { findCandidates, buildRouteIndex, type RouteIndex } from '../core/route-index.js'
import { RouteCache } from '../core/route-cache.js'
import { trackArray, arrayVersion } from '../core/tracked-array.js'
import { findMissed } from '../core/verify.js'
import type { ResolvedOptions } from '../core/options.js'
import { readLayerPattern, type ExpressLayer } from './layer-pattern.js'

/** Express's `router.handle(req, res, out)`. */
export type Handle = (this: unknown, req: Request, res: object, out: (err?: unknown) => void) => unknown

interface Request {
  url?: unknown
}

/** The parts of an Express router pulya uses. */
export interface ExpressRouter {
  stack: ExpressLayer[]
  handle: Handle
}

/**
 * Where a router's state lives: on the `handle` function pulya puts on the router, not on the
 * router object. Agents wrap a layer's `handle` (the router function) in a function that
 * proxies the router's string keys (OpenTelemetry's express instrumentation does), so pulya
 * may reach a router only through such a wrapper, while Express calls `router.handle` on the
 * real router: `wrapper.handle` and `router.handle` are the same function, so both find it.
 */
const STATE = Symbol('pulya.router')

/** pulya's `router.handle`: one per router, carrying that router's state. */
interface AcceleratedHandle extends Handle {
  readonly [STATE]: RouterState
}

/** What a path resolves to in one router: the layers to walk, with gaps marked. */
class Resolution {
  /** Candidate layers in stack order; `null` where a gap sentinel goes. */
  readonly layers: Array<ExpressLayer | null>
  /** Positions in `layers` of the gap sentinels. */
  readonly gaps: number[]
  /** For each gap, the stack position where the skipped layers begin. */
  readonly gapStarts: number[]
  readonly version: number
  readonly length: number

  constructor(version: number, length: number) {
    this.layers = []
    this.gaps = []
    this.gapStarts = []
    this.version = version
    this.length = length
  }
}

/** Stands for skipped layers in the array Express walks; see the module comment. */
class GapSentinel {
  /** Express reads `layer.route` of every layer it tries: an own field keeps that read cheap. */
  readonly route = undefined
  readonly layers: unknown[]
  readonly resolution: Resolution
  readonly stack: ExpressLayer[]
  readonly path: string
  cursor = 0

  constructor(layers: unknown[], resolution: Resolution, stack: ExpressLayer[], path: string) {
    this.layers = layers
    this.resolution = resolution
    this.stack = stack
    this.path = path
  }

  /** Express's scan visits the gaps in order, once each, so the cursor names this gap. */
  match(path: string): false {
    const resolution = this.resolution
    const gap = this.cursor++
    const stack = this.stack
    if (path === this.path && arrayVersion(stack) === resolution.version && stack.length === resolution.length) return false
    // "/old" rewritten to "/new" by a middleware: walk the real stack from this gap on.
    const layers = this.layers
    layers.length = (resolution.gaps[gap] as number) + 1
    for (let i = resolution.gapStarts[gap] as number; i < stack.length; i++) layers.push(stack[i])
    return false
  }
}

/** Counters of one install, summed over its routers. */
export interface RoutingStats {
  routers: number
  hits: number
  misses: number
  evictions: number
  skipped: number
  verified: number
  mismatches: number
}

/** What one `pulya()` install shares between the routers it accelerates. */
export class InstallContext {
  readonly options: ResolvedOptions
  readonly states: RouterState[] = []
  verified = 0
  mismatches = 0
  readonly warned = new Set<string>()

  constructor(options: ResolvedOptions) {
    this.options = options
  }

  /** Sums the counters of every router of this install. */
  stats(): RoutingStats {
    const stats: RoutingStats = { routers: this.states.length, hits: 0, misses: 0, evictions: 0, skipped: 0, verified: this.verified, mismatches: this.mismatches }
    for (const state of this.states) {
      if (state.cache === null) continue
      stats.hits += state.cache.stats.hits
      stats.misses += state.cache.stats.misses
      stats.evictions += state.cache.stats.evictions
      stats.skipped += state.cache.stats.skipped
    }
    return stats
  }
}

/** Per-router state: the index of the stack as it was, and the cache built on it. */
class RouterState {
  readonly original: Handle
  readonly context: InstallContext
  readonly cache: RouteCache<Resolution> | null
  stack: ExpressLayer[] | null = null
  version = -1
  length = -1
  index: RouteIndex | null = null
  /** Walk the stack as Express does: too short, or nothing to narrow. */
  plain = true
  verifyCountdown = 0

  constructor(original: Handle, context: InstallContext) {
    this.original = original
    this.context = context
    const cache = context.options.cache
    this.cache = cache === false ? null : new RouteCache<Resolution>(cache.max, cache.maxKeyLength)
  }

  /** Re-reads the stack: built when the router first serves and whenever its stack changed. */
  rebuild(stack: ExpressLayer[]): void {
    this.stack = stack
    this.version = trackArray(stack)
    this.length = stack.length
    const patterns = stack.map(readLayerPattern)
    this.index = buildRouteIndex(patterns)
    this.plain = stack.length <= this.context.options.smallStack || this.index.always.length === stack.length
    this.cache?.clear()
    for (const layer of stack) {
      if (isRouter(layer.handle)) accelerateRouter(layer.handle, this.context)
    }
  }

  resolve(path: string): Resolution | null {
    const index = this.index as RouteIndex
    const stack = this.stack as ExpressLayer[]
    const candidates = findCandidates(index, path)
    if (candidates.length === stack.length) return null
    const resolution = new Resolution(this.version, this.length)
    let next = 0
    for (const position of candidates) {
      if (position > next) {
        resolution.gaps.push(resolution.layers.length)
        resolution.gapStarts.push(next)
        resolution.layers.push(null)
      }
      resolution.layers.push(stack[position] as ExpressLayer)
      next = position + 1
    }
    // The last gap always stands, so layers added while a request is in flight are seen.
    resolution.gaps.push(resolution.layers.length)
    resolution.gapStarts.push(next)
    resolution.layers.push(null)
    return resolution
  }

  /** Verify mode: would Express's own matchers accept a layer the index skipped? */
  verify(path: string): boolean {
    const stack = this.stack as ExpressLayer[]
    const candidates = findCandidates(this.index as RouteIndex, path)
    const missed = findMissed(stack.length, candidates, (position) => {
      try {
        return Boolean((stack[position] as ExpressLayer).match(path))
      } catch {
        return true
      }
    })
    const context = this.context
    context.verified++
    if (missed.length === 0) return true
    context.mismatches++
    for (const position of missed) {
      const key = `${context.states.indexOf(this)}:${position}`
      if (context.warned.has(key)) continue
      context.warned.add(key)
      process.emitWarning(
        `pulya: the route index skipped layer ${position} of a router for path ${JSON.stringify(path)}, which Express matches (index: [${candidates.join(', ')}]; Express also: [${missed.join(', ')}]). The request was served by Express's own matching.`,
        'PulyaWarning',
        'PULYA_VERIFY_MISMATCH'
      )
    }
    return false
  }
}

/** A router is a function with a stack and Express's router methods. */
export function isRouter(value: unknown): value is ExpressRouter {
  if (typeof value !== 'function') return false
  const candidate = value as unknown as Partial<Record<'stack' | 'handle' | 'use' | 'route', unknown>>
  return Array.isArray(candidate.stack) && typeof candidate.handle === 'function' && typeof candidate.use === 'function' && typeof candidate.route === 'function'
}

/** The state of an accelerated router (reached directly or through a wrapper), or undefined. */
function stateOf(router: ExpressRouter): RouterState | undefined {
  return (router.handle as Partial<AcceleratedHandle>)[STATE]
}

function createAcceleratedHandle(state: RouterState): AcceleratedHandle {
  const handle = function acceleratedHandle(this: ExpressRouter, req: Request, res: object, out: (err?: unknown) => void): unknown {
    return dispatch(state, this, req, res, out)
  }
  Object.defineProperty(handle, STATE, { configurable: false, enumerable: false, writable: false, value: state })
  return handle as AcceleratedHandle
}

function dispatch(state: RouterState, router: ExpressRouter, req: Request, res: object, out: (err?: unknown) => void): unknown {
  const stack = router.stack
  if (stack !== state.stack || arrayVersion(stack) !== state.version || stack.length !== state.length) state.rebuild(stack)
  const url = req.url
  // Express derives the path itself; anything but "/path?query" is left to it.
  if (state.plain || typeof url !== 'string' || url.charCodeAt(0) !== 47) return state.original.call(router, req, res, out) // '/'
  const query = url.indexOf('?')
  const path = query === -1 ? url : url.slice(0, query)
  if (state.context.options.verify !== 0 && sampled(state) && !state.verify(path)) return state.original.call(router, req, res, out)
  let resolution: Resolution | null | undefined
  if (state.cache === null) {
    resolution = state.resolve(path)
  } else {
    resolution = state.cache.get(path)
    if (resolution === undefined) {
      resolution = state.resolve(path)
      state.cache.set(path, resolution ?? PLAIN)
    }
  }
  if (resolution === null || resolution === PLAIN) return state.original.call(router, req, res, out)
  const layers: unknown[] = resolution.layers.slice()
  const sentinel = new GapSentinel(layers, resolution, stack, path)
  const gaps = resolution.gaps
  for (let i = 0; i < gaps.length; i++) layers[gaps[i] as number] = sentinel
  const view = Object.create(router) as { stack: unknown[] }
  view.stack = layers
  return state.original.call(view, req, res, out)
}

/** Cached for paths where every layer is a candidate: walk the real stack. */
const PLAIN = new Resolution(-1, -1)

function sampled(state: RouterState): boolean {
  const rate = state.context.options.verify
  if (rate >= 1) return true
  // Deterministic sampling: every (1 / rate)-th request of this router.
  if (state.verifyCountdown-- > 0) return false
  state.verifyCountdown = Math.max(0, Math.round(1 / rate) - 1)
  return true
}

/**
 * Puts pulya's dispatch behind `router.handle` (once per router). The index is built
 * lazily, on the router's first request, so routes added until then cost nothing.
 */
export function accelerateRouter(router: ExpressRouter, context: InstallContext): void {
  if (stateOf(router) !== undefined) return
  const state = new RouterState(router.handle, context)
  context.states.push(state)
  router.handle = createAcceleratedHandle(state)
}
