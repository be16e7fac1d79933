/**
 * Builds off the request path: a job runs a step per turn of the event loop (`setImmediate`),
 * so requests that arrive meanwhile are served between steps — by the host's own dispatch,
 * since their router's index is not in use yet — instead of waiting for a whole build.
 */

/** Layers a step reads: about 1–5 ms at start-up, before V8 has optimised the readers. */
export const WARM_STEP_LAYERS = 500

/**
 * Runs `step` once per turn of the event loop until it answers `true` (done).
 * @example inTurns(() => index.buildStep(router.stack, WARM_STEP_LAYERS))
 */
export function inTurns(step: () => boolean): void {
  const turn = (): void => {
    if (!step()) setImmediate(turn)
  }
  setImmediate(turn)
}
