/**
 * Header values above ASCII, for the tests that prove pulya puts them on the wire as vanilla
 * does: Node accepts the bytes 0x80–0xFF in a header value (a latin1 character each) and writes
 * a head as latin1 — unless a string body is appended to it, then both go out as UTF-8.
 * @module
 */
import type { StepResult } from './differential.js'

/** The first byte above ASCII. */
const FIRST = 0x80
/** The last byte a header value may carry. */
const LAST = 0xff

/** Each byte 0x80–0xFF as it is named in a test path: two hex digits, `80` … `ff`. */
export const HIGH_BYTES: readonly string[] = Array.from({ length: LAST - FIRST + 1 }, (_, i) =>
  (FIRST + i).toString(16)
)

/** The path name of a value that holds every byte 0x80–0xFF at once. */
export const ALL_HIGH_BYTES = 'all'

/**
 * The header value a path names: `e9` → `'é'` (one latin1 character), `all` → the 128
 * characters 0x80–0xFF; both between two ASCII letters.
 *
 * @example
 * res.set('X-Value', headerValue(req.params.bytes))
 */
export function headerValue(name: string): string {
  const codes = name === ALL_HIGH_BYTES ? HIGH_BYTES.map((hex) => parseInt(hex, 16)) : [parseInt(name, 16)]
  return `a${String.fromCharCode(...codes)}z`
}

/** Whether an answer's head (as the client read it, one character per byte) holds a byte above ASCII. */
export function headHasHighBytes(result: StepResult): boolean {
  return result.vanilla.rawHeaders.some((value) => /[\u0080-\u00ff]/.test(value))
}
