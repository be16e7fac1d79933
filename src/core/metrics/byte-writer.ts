/**
 * The bytes of a Prometheus text exposition, written straight into one Buffer: no string per
 * line, no rope of megabytes to flatten and encode when the response is sent. Pre-encoded
 * bytes are copied in (`TypedArray#set`, a memcpy), numbers are written digit by digit.
 */

/** `value` as prom-client writes a sample value (its `getValueAsString`). */
export function valueText(value: number): string {
  if (Number.isNaN(value)) return 'Nan'
  if (!Number.isFinite(value)) return value < 0 ? '-Inf' : '+Inf'
  return String(value)
}

/** The most bytes {@link ByteWriter.putValue} writes: `String(-Number.MIN_VALUE)` is 24 characters. */
export const MAX_VALUE_BYTES = 24

/** UTF-8 bytes appended to a buffer that grows (doubling) when full. */
export class ByteWriter {
  #buffer: Buffer
  #length = 0

  /** @param capacity bytes to start with (the last exposition's size saves growing) */
  constructor(capacity: number) {
    this.#buffer = Buffer.allocUnsafe(Math.max(capacity, 1 << 16))
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#length
  }

  /** The buffer written into now (a larger one replaces it when it grows; neither is written again below {@link length}). */
  get buffer(): Buffer {
    return this.#buffer
  }

  /** Makes room for `bytes` more, so that the unchecked writes below fit. */
  reserve(bytes: number): void {
    if (this.#length + bytes > this.#buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.#buffer.length * 2, this.#length + bytes))
      this.#buffer.copy(grown, 0, 0, this.#length)
      this.#buffer = grown
    }
  }

  /** A string, UTF-8 encoded. */
  put(text: string): void {
    // At most 3 bytes per UTF-16 unit.
    this.reserve(text.length * 3)
    this.#length += this.#buffer.write(text, this.#length)
  }

  /** Pre-encoded bytes, after {@link reserve}. */
  putBytes(bytes: Uint8Array): void {
    this.#buffer.set(bytes, this.#length)
    this.#length += bytes.length
  }

  /** Bytes `start` to `end` of `source` (a buffer this writer is not writing into now). */
  putRange(source: Uint8Array, start: number, end: number): void {
    this.reserve(end - start)
    this.#buffer.set(source.subarray(start, end), this.#length)
    this.#length += end - start
  }

  /**
   * A sample value as prom-client writes it ({@link valueText}), after {@link reserve} of
   * {@link MAX_VALUE_BYTES}. Counts (non-negative safe integers, all of a histogram's lines
   * but `_sum`) are written digit by digit, with the digits `String()` would give (below
   * 2^53 a safe integer never takes the exponent form).
   */
  putValue(value: number): void {
    const buffer = this.#buffer
    if (value >= 0 && value <= Number.MAX_SAFE_INTEGER && Math.floor(value) === value) {
      let digits = 1
      for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++
      const end = this.#length + digits
      let rest = value
      for (let at = end - 1; at >= this.#length; at--) {
        const next = Math.floor(rest / 10)
        buffer[at] = 48 + (rest - next * 10) // 48: '0'; the digit first, or 48 + rest rounds near 2^53
        rest = next
      }
      this.#length = end
      return
    }
    this.#length += buffer.write(valueText(value), this.#length, 'latin1')
  }

  /** What was written. */
  bytes(): Buffer {
    return this.#buffer.subarray(0, this.#length)
  }
}
