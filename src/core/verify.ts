/**
 * Verify mode: a sampled share of requests is also matched by the host's own code, and any
 * layer the index left out although the host accepts it is reported (once per layer, as a
 * `PulyaWarning`) and the request is served by the host's own matching. One {@link Verifier}
 * per router; the adapters decide what "the host's own matching" is.
 */

import { emitPulyaWarning, PULYA_VERIFY_MISMATCH } from './errors.js'

/** Which requests of one router verify mode checks, and what it found. */
export class Verifier {
  /** Requests checked. */
  verified = 0
  /** Checked requests where the index or cache disagreed with the host. */
  mismatches = 0
  readonly #every: number
  #countdown = 0
  readonly #warned = new Set<string>()

  /** @param rate - share of requests checked, in (0, 1] */
  constructor(rate: number) {
    this.#every = Math.max(1, Math.round(1 / rate))
  }

  /** Is this request one to check? Deterministic: every (1 / rate)-th request of the router. */
  sample(): boolean {
    if (this.#countdown-- > 0) return false
    this.#countdown = this.#every - 1
    return true
  }

  /**
   * Counts one checked request.
   * @returns `ok`, so callers can write `if (!verifier.record(ok)) serveTheHostWay()`
   */
  record(ok: boolean): boolean {
    this.verified++
    if (!ok) this.mismatches++
    return ok
  }

  /** Emits `message` as a `PulyaWarning` the first time `key` (a layer, a path) mismatches. */
  warnOnce(key: string, message: string): void {
    if (this.#warned.has(key)) return
    this.#warned.add(key)
    emitPulyaWarning(PULYA_VERIFY_MISMATCH, message)
  }
}

/** A verifier for `rate`, or `null` when verify mode is off (then it costs one null check). */
export function createVerifier(rate: number): Verifier | null {
  return rate === 0 ? null : new Verifier(rate)
}

/**
 * Which positions the index left out although the host's matcher accepts them.
 *
 * @param size - number of layers
 * @param candidates - ascending positions the index returned
 * @param accepts - the host's matcher for one position (`true` also when it throws)
 * @returns positions the host would have considered but the index skipped
 * @example findMissed(3, [0, 2], (i) => i !== 1) // []
 */
export function findMissed(
  size: number,
  candidates: readonly number[],
  accepts: (position: number) => boolean
): number[] {
  const missed: number[] = []
  let next = 0
  for (let position = 0; position < size; position++) {
    if (next < candidates.length && candidates[next] === position) {
      next++
      continue
    }
    if (accepts(position)) missed.push(position)
  }
  return missed
}
