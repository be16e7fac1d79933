/**
 * Verify mode's comparison: which positions the index left out although the host's own
 * matcher accepts them. An empty answer means the index was right for this path.
 */

/**
 * @param size - number of layers
 * @param candidates - ascending positions the index returned
 * @param accepts - the host's matcher for one position (`true` also when it throws)
 * @returns positions the host would have considered but the index skipped
 * @example findMissed(3, [0, 2], (i) => i !== 1) // []
 */
export function findMissed(size: number, candidates: readonly number[], accepts: (position: number) => boolean): number[] {
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
