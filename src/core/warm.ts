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
 */

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
