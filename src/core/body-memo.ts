/**
 * A bounded memo of values computed from response bodies (an ETag from the body's bytes),
 * that stops looking up while lookups do not pay.
 *
 * Bodies are not turned into string keys: hashing a fresh 800-character string for a `Map`
 * costs about as much as the SHA-1 it would save (bench/NOTES.md). Instead a body picks a
 * slot of a fixed table by a fingerprint of its length and a few of its bytes, and a hit is
 * confirmed by comparing the bytes (`Buffer#equals`, a memcmp). A new body takes its slot
 * over, so the table never holds more than `slots` bodies of at most `maxBytes` each.
 *
 * A cache must never make the common case slower than no cache. When bodies rarely repeat
 * (every answer of an API differs), looking up and storing costs a little on every response;
 * so the memo counts hits over a window of lookups and, when fewer than a quarter hit, goes
 * cold for a while: {@link BodyMemo.active} answers `false` and callers compute directly.
 * Then it tries again.
 */

/** Counters a memo keeps; read them for metrics. */
export interface BodyMemoStats {
  hits: number
  misses: number
  /** Lookups not tried: the body was too large, or the memo was cold. */
  skipped: number
}

/** Lookups per window. */
export const MEMO_WINDOW = 1024
/** Lookups skipped after a window where fewer than a quarter hit. */
export const MEMO_COOLDOWN = 16 * MEMO_WINDOW

/** Bounded body → value memo with a cold mode for workloads that do not repeat. */
export class BodyMemo {
  readonly stats: BodyMemoStats = { hits: 0, misses: 0, skipped: 0 }
  readonly #bodies: (Buffer | undefined)[]
  readonly #values: (string | undefined)[]
  readonly #mask: number
  readonly #maxBytes: number
  #window = 0
  #windowHits = 0
  #cold = 0

  /**
   * @param slots - table size, rounded up to a power of two: at most this many bodies are kept
   * @param maxBytes - largest body looked up or kept
   */
  constructor(slots: number, maxBytes: number) {
    let size = 1
    while (size < slots) size *= 2
    this.#bodies = new Array<Buffer | undefined>(size).fill(undefined)
    this.#values = new Array<string | undefined>(size).fill(undefined)
    this.#mask = size - 1
    this.#maxBytes = maxBytes
  }

  /** Number of bodies held. */
  get size(): number {
    let count = 0
    for (const body of this.#bodies) if (body !== undefined) count++
    return count
  }

  /**
   * Should the caller look up a body of `length` bytes? `false` when it is too large or the
   * memo is cold (counted as skipped); compute directly then.
   */
  active(length: number): boolean {
    if (length > this.#maxBytes) {
      this.stats.skipped++
      return false
    }
    if (this.#cold === 0) return true
    this.#cold--
    this.stats.skipped++
    return false
  }

  /** The value memoised for these bytes, or `undefined` (then compute it and {@link set} it). */
  get(body: Buffer): string | undefined {
    const slot = fingerprint(body) & this.#mask
    const held = this.#bodies[slot]
    let value: string | undefined
    if (held?.length === body.length && held.equals(body)) {
      value = this.#values[slot]
      this.stats.hits++
      this.#windowHits++
    } else this.stats.misses++
    if (++this.#window === MEMO_WINDOW) {
      if (this.#windowHits * 4 < MEMO_WINDOW) this.#cold = MEMO_COOLDOWN
      this.#window = 0
      this.#windowHits = 0
    }
    return value
  }

  /** Memoises `value` for these bytes (a private copy of them is kept). */
  set(body: Buffer, value: string): void {
    const slot = fingerprint(body) & this.#mask
    const copy = Buffer.allocUnsafeSlow(body.length)
    body.copy(copy)
    this.#bodies[slot] = copy
    this.#values[slot] = value
  }
}

/** A cheap hash of the length and up to twelve bytes: start, middle and end. */
function fingerprint(body: Buffer): number {
  const length = body.length
  let hash = Math.imul(length, 0x9e3779b1)
  if (length >= 4) {
    hash = Math.imul(hash ^ body.readInt32LE(0), 0x85ebca6b)
    hash = Math.imul(hash ^ body.readInt32LE((length >>> 1) & ~3), 0xc2b2ae35)
    hash = Math.imul(hash ^ body.readInt32LE(length - 4), 0x27d4eb2f)
  } else {
    for (let i = 0; i < length; i++) hash = Math.imul(hash ^ (body[i] as number), 0x85ebca6b)
  }
  return (hash ^ (hash >>> 15)) >>> 0
}
