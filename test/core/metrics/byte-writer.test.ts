/**
 * The byte writer behind pulya's text exposition: sample values written as prom-client writes
 * them (its `getValueAsString`), strings UTF-8 encoded, and the buffer growing past its start
 * size without losing what was written.
 */
import { describe, expect, it } from 'vitest'
import { ByteWriter, MAX_VALUE_BYTES, valueText } from '../../../src/core/metrics/byte-writer.js'

/** prom-client 15's `getValueAsString` (lib/util.js), the reference. */
function promClientValue(value: number): string {
  if (Number.isNaN(value)) return 'Nan'
  if (!Number.isFinite(value)) return value < 0 ? '-Inf' : '+Inf'
  return `${value}`
}

const VALUES = [
  0,
  -0,
  1,
  9,
  10,
  99,
  100,
  101,
  1009,
  123456789,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32 + 7,
  999999999999999,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 1,
  2 ** 60,
  1e21,
  1.5e300,
  Number.MAX_VALUE,
  0.1,
  0.55,
  1.0000000000000002,
  12.345678901234567,
  5e-324,
  -5e-324,
  -1,
  -123.5,
  1e-7,
  NaN,
  Infinity,
  -Infinity
]

describe('valueText and ByteWriter.putValue', () => {
  it.each(VALUES.map((value) => ({ value, text: promClientValue(value) })))(
    'write $value as prom-client does: $text',
    ({ value, text }) => {
      expect(valueText(value)).toBe(text)
      const out = new ByteWriter(0)
      out.reserve(MAX_VALUE_BYTES)
      out.putValue(value)
      expect(out.bytes().toString('latin1')).toBe(text)
      expect(text.length).toBeLessThanOrEqual(MAX_VALUE_BYTES)
    }
  )

  it('writes every count from 0 to 100,000 with the digits String() gives', () => {
    const out = new ByteWriter(0)
    const expected: string[] = []
    for (let count = 0; count <= 100_000; count++) {
      out.reserve(MAX_VALUE_BYTES + 1)
      out.putValue(count)
      out.putBytes(COMMA)
      expected.push(String(count))
    }
    expect(out.bytes().toString('latin1')).toBe(expected.join(',') + ',')
  })
})

const COMMA = Buffer.from(',')

describe('ByteWriter', () => {
  it('grows past its first buffer keeping what was written, and encodes strings as UTF-8', () => {
    const out = new ByteWriter(10)
    const first = out.buffer
    expect(first.length).toBe(1 << 16)
    const line = 'route="/café/ü/:id" 😀\n'
    let expected = ''
    for (let i = 0; i < 5000; i++) {
      out.put(line)
      expected += line
    }
    expect(out.buffer).not.toBe(first)
    expect(out.length).toBe(Buffer.byteLength(expected))
    expect(out.bytes().toString()).toBe(expected)
  })

  it('copies a range of another buffer, growing for it', () => {
    const source = Buffer.from('x'.repeat(70_000) + 'abc' + 'y'.repeat(100))
    const out = new ByteWriter(0)
    out.put('>')
    out.putRange(source, 1, 70_003)
    expect(out.length).toBe(70_003)
    expect(out.bytes().toString()).toBe('>' + 'x'.repeat(69_999) + 'abc')
  })

  it('starts from the size it is given, when that is above 64 KiB', () => {
    expect(new ByteWriter(1 << 20).buffer.length).toBe(1 << 20)
  })
})
