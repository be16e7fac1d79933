/**
 * What the fail-open suites of both hosts share: the run of one armed fault point (vanilla's
 * answers one request at a time and with several in flight, the fallback counted under its
 * cause, nothing counted once disarmed) and the check that each cause was warned once.
 */
import { expect, vi } from 'vitest'
import { armFault, type FaultPoint } from '../../src/core/fault-points.js'
import { fallbacksByCause, type FallbackCause } from '../../src/core/fallbacks.js'
import { PULYA_FALLBACK } from '../../src/core/errors.js'
import type { DiffStep, RunOptions, ServedSides } from '../helpers/differential.js'

/** Every warning of the process, recorded (and kept quiet) from the suite's start. */
const warnings = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)

/**
 * Arms `point`, expects `run` (one request at a time, then `concurrency` 8) to give vanilla's
 * answers and the fallback to be counted under `cause` and in `fallbacks()`; then disarmed,
 * expects vanilla's answers again with nothing more counted.
 */
export async function expectFailsOpen(
  point: FaultPoint,
  cause: FallbackCause,
  run: (concurrency: number) => Promise<void>,
  fallbacks: () => number
): Promise<void> {
  const before = fallbacksByCause()[cause]
  const total = fallbacks()
  armFault(point)
  try {
    await run(1)
    await run(8)
  } finally {
    armFault(null)
  }
  expect(fallbacksByCause()[cause]).toBeGreaterThan(before)
  expect(fallbacks() - total).toBe(fallbacksByCause()[cause] - before)
  const after = fallbacks()
  await run(1)
  expect(fallbacks()).toBe(after)
}

/** The causes `PULYA_FALLBACK` warnings named so far, sorted (one entry per warning). */
export function warnedCauses(): string[] {
  return warnings.mock.calls
    .filter((call) => (call as unknown[])[2] === PULYA_FALLBACK)
    .map((call) => /its ([a-z-]+) step/.exec(String(call[0]))?.[1] ?? '')
    .sort()
}

/**
 * One run over the served sides, expecting vanilla's answers: with `concurrency` 1, `steps()`
 * (actions allowed) with `observe`; above, `requests` three times over, all in flight together
 * (a flood takes plain requests only and records no logs).
 */
export function sameRun<A>(
  served: () => ServedSides<A>,
  steps: () => DiffStep<A>[],
  requests: readonly DiffStep<A>[],
  options: RunOptions<A>
): (concurrency: number) => Promise<void> {
  return async (concurrency) => {
    const report =
      concurrency === 1
        ? await served().run(steps(), options)
        : await served().run([...requests, ...requests, ...requests], {
            normalize: options.normalize,
            concurrency
          })
    expect(report.message).toBe('')
  }
}
