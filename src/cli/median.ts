/**
 * Medians and spreads over measurement rounds, shared by `pulya bench` and the repo's
 * bench/ harness (bench/lib/stats.mjs re-exports median).
 */

/**
 * The median of the finite numbers in `values` (anything else is ignored), or null.
 * @example median([3, 1, 2]) // 2
 */
export function median(values: readonly unknown[]): number | null {
  const sorted = values
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
    .sort((a, b) => a - b)
  if (sorted.length === 0) return null
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** A median with the smallest and largest value it was taken over. */
export interface Spread {
  median: number
  min: number
  max: number
}

/**
 * The median, min and max of the finite numbers in `values`, or null when there are none.
 * @example spread([1.2, 1.5, 1.3]) // { median: 1.3, min: 1.2, max: 1.5 }
 */
export function spread(values: readonly unknown[]): Spread | null {
  const mid = median(values)
  if (mid === null) return null
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
  return { median: mid, min: Math.min(...finite), max: Math.max(...finite) }
}
