/**
 * Builds off the request path, at low priority. A job asked for at `listen` starts
 * {@link WARM_DELAY_MS} later (the first requests are already on their way: they go first); one
 * asked for by a request starts on the next turn of the event loop. Then it runs
 * in slices of a few small steps for at most {@link WARM_SLICE_MS} each, one per turn of the event
 * loop (`setImmediate`) while the loop is otherwise idle. When a slice finds it was kept waiting —
 * the loop is serving requests, which Express's and Koa's own dispatch does in several turns at
 * start-up (a router yields every 100 layers) — the job steps aside for {@link WARM_DELAY_MS}, then
 * runs one slice whatever the load, so it always ends. A request that arrives meanwhile is served
 * by the host's own dispatch, since its router's index is not in use yet, and waits for one slice
 * at most. Measured in bench/NOTES.md ("Warm-up").
 *
 * A build that throws ends the warm-up (counted as a fallback, never the process's uncaught
 * exception): its router keeps the host's own dispatch, and its next request asks again.
 */
import { fellBack } from './fallbacks.js'

/** How long a build at `listen` waits before it starts, and any build steps aside while the loop is busy (milliseconds). */
export const WARM_DELAY_MS = 10

/** The longest a slice runs before it yields to the event loop (milliseconds). */
export const WARM_SLICE_MS = 2

/** A slice that starts this much later than asked for finds the loop busy (milliseconds). */
export const WARM_BUSY_MS = 1

/** Layers one step reads: small, so a slice ends close to its time. */
export const WARM_STEP_LAYERS = 32

/**
 * Runs `step` in slices, as described above, until it answers `true` (done).
 * @param delayMs - {@link WARM_DELAY_MS} at `listen`, 0 after a request
 * @example inTurns(() => index.buildStep(router.stack, WARM_STEP_LAYERS), 0)
 */
export function inTurns(step: () => boolean, delayMs: number): void {
  // When the next slice was asked for (setImmediate), or 0 after stepping aside (a timer).
  let askedAt = 0
  const turn = (): void => {
    const now = performance.now()
    if (askedAt !== 0 && now - askedAt > WARM_BUSY_MS) {
      askedAt = 0
      setTimeout(turn, WARM_DELAY_MS)
      return
    }
    const deadline = now + WARM_SLICE_MS
    while (!step()) {
      if (performance.now() >= deadline) {
        askedAt = performance.now()
        setImmediate(turn)
        return
      }
    }
  }
  if (delayMs === 0) setImmediate(turn)
  else setTimeout(turn, delayMs)
}

/** One router a warm-up builds: see `core/router-state.ts`. */
export interface WarmTarget {
  /**
   * Reads up to `budget` layers toward the router's index when it has none or a stale one.
   * @returns whether the index was already current (nothing was read)
   */
  warmStep(budget: number): boolean
}

/**
 * The routers whose indexes are built together — every router of one Express install, or one
 * Koa router — and their one warm-up: asked for any number of times, scheduled once until it
 * ends. A target added while a warm-up runs (a nested router found by a build) is built by it.
 *
 * @example
 * const queue = new WarmQueue<RouterState>()
 * queue.schedule(WARM_DELAY_MS) // at listen
 * await queue.idle()            // tests: the indexes are built
 */
export class WarmQueue<T extends WarmTarget> {
  /** The routers, in the order they joined. */
  readonly targets: T[] = []
  #scheduled = false
  #waiting: Array<() => void> = []

  /** Builds every target's index now, on this turn. */
  buildAll(): void {
    while (!this.#guardedStep(Infinity)) {
      // Each step builds one router; a build can add nested routers to the targets.
    }
  }

  /**
   * Builds every target's index off the request path ({@link inTurns}); until a router's index is
   * built, its requests are the host's own.
   * @param delayMs - {@link WARM_DELAY_MS} at `listen`, 0 after a request
   */
  schedule(delayMs: number): void {
    if (this.#scheduled) return
    this.#scheduled = true
    inTurns(() => {
      const done = this.#guardedStep(WARM_STEP_LAYERS)
      if (done) this.#finish()
      return done
    }, delayMs)
  }

  /** Resolves once no warm-up is scheduled: at once when none is, else when the scheduled one ends. */
  idle(): Promise<void> {
    if (!this.#scheduled) return Promise.resolve()
    return new Promise((resolve) => {
      this.#waiting.push(resolve)
    })
  }

  /** {@link #step}, ended (`true`) by a failure of pulya's build, which is counted. */
  #guardedStep(budget: number): boolean {
    try {
      return this.#step(budget)
    } catch (error) {
      fellBack('index-build', error)
      return true
    }
  }

  /** One step of the first target whose index is not current; `true` when every one is. */
  #step(budget: number): boolean {
    const targets = this.targets
    for (let i = 0; i < targets.length; i++) {
      if (!(targets[i] as T).warmStep(budget)) return false
    }
    return true
  }

  #finish(): void {
    this.#scheduled = false
    const waiting = this.#waiting
    this.#waiting = []
    for (const resolve of waiting) resolve()
  }
}
