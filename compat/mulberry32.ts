/**
 * A tiny seeded PRNG (mulberry32) and the helpers the generator draws with, so that a
 * seed alone reproduces an app and its requests.
 * @module
 */

/** Draws from one seeded sequence. */
export interface Random {
  /** A float in [0, 1). */
  float(): number
  /** An integer in [0, max). */
  int(max: number): number
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T
  /** `true` with probability `p`. */
  chance(p: number): boolean
}

/**
 * mulberry32: 32 bits of state, good enough spread for test generation, and stable
 * across Node versions (integer maths only).
 *
 * @param seed - any integer; only its low 32 bits count
 * @example
 * const next = mulberry32(42)
 * next() // 0.6011037519201636
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Creates a {@link Random} over mulberry32.
 *
 * @param seed - the seed
 * @example
 * const random = createRandom(7)
 * random.pick(['GET', 'HEAD'])
 */
export function createRandom(seed: number): Random {
  const next = mulberry32(seed)
  const int = (max: number): number => Math.floor(next() * max)
  return {
    float: next,
    int,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick from an empty list')
      return items[int(items.length)] as T
    },
    chance: (p) => next() < p
  }
}
