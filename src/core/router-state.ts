/**
 * The per-router contract both adapters implement: what pulya keeps about one host router —
 * Express's router (or the `router` package), or one `@koa/router` instance. The host adapter
 * decides how a layer's path is read, what a cached answer is and what runs per request; the
 * index, the staleness check, verify mode, the counters and the warm-up are the same for both
 * and live here.
 */
import type { ResolvedCoreOptions } from './options.js'
import { StackIndex, type LayerReader } from './stack-index.js'
import { createVerifier, type Verifier } from './verify.js'
import type { WarmQueue, WarmTarget } from './warm.js'

/** What a router is to core: an object whose `stack` holds its layers, in order. */
export interface StackedRouter<L> {
  stack: L[]
}

/**
 * One router's state. `L` is the host's layer, `V` a cached answer (Express: the layers to
 * walk for a path; Koa: `router.match`'s answer).
 */
export abstract class RouterState<L, V extends object> implements WarmTarget {
  /** The host's router. */
  readonly router: StackedRouter<L>
  /** The index over the router's stack, its snapshot and its route caches. */
  readonly index: StackIndex<L, V>
  /** Verify mode's sampler, `null` when verify mode is off. */
  readonly verifier: Verifier | null
  /** Not built yet, and building is to happen off the request path (option `warm`). */
  cold: boolean
  /** The warm-up this router's index is built by. */
  readonly warm: WarmQueue<RouterState<L, V>>

  /**
   * @param read - the host's reader of one layer's path
   * @param accepts - may a stack be indexed at all (the host's own conditions)?
   * @param warm - the warm-up it joins (Express: its install's; Koa: its own)
   */
  constructor(
    router: StackedRouter<L>,
    read: LayerReader<L>,
    options: ResolvedCoreOptions,
    warm: WarmQueue<RouterState<L, V>>,
    accepts?: (stack: readonly L[]) => boolean
  ) {
    this.router = router
    this.index = new StackIndex<L, V>(read, options, accepts)
    this.verifier = createVerifier(options.verify)
    this.cold = options.warm
    this.warm = warm
    warm.targets.push(this)
  }

  /**
   * Reads up to `budget` layers toward the index ({@link StackIndex.buildStep}); once it is
   * built, the router is no longer cold and {@link built} runs.
   * @returns whether the index is now built
   */
  buildStep(stack: L[], budget: number): boolean {
    if (!this.index.buildStep(stack, budget)) return false
    this.cold = false
    this.built(stack)
    return true
  }

  /** Builds the index over `stack` now: when the router first serves and whenever its stack changed. */
  rebuild(stack: L[]): void {
    this.buildStep(stack, Infinity)
  }

  /** The host's follow-up once an index is built (Express: the routers in the stack join). */
  protected abstract built(stack: L[]): void

  /** See {@link WarmTarget.warmStep}. */
  warmStep(budget: number): boolean {
    const stack = this.router.stack
    if (this.index.isStale(stack)) {
      this.buildStep(stack, budget)
      return false
    }
    this.cold = false
    return true
  }
}
