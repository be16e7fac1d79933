/** Number formatting, escaping and hand-made SVG bars. */
import { describe, expect, it } from 'vitest'
import { bars, escapeXml, num } from '../../src/cli/chart.js'

describe('num', () => {
  it.each([
    [null, 0, '–'],
    [undefined, 0, '–'],
    [Number.NaN, 0, '–'],
    [1234.5, 1, '1,234.5'],
    [12345.678, 0, '12,346']
  ])('%s with %i digits → %s', (n, digits, text) => {
    expect(num(n, digits)).toBe(text)
  })
})

describe('escapeXml', () => {
  it('escapes what is markup', () => {
    expect(escapeXml('<a href="x">\'&')).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;')
  })
})

describe('bars', () => {
  it('scales to the largest value or whisker, draws whiskers and a reference line; no value, no bar', () => {
    const svg = bars(
      [
        { value: 2, color: '#000', text: '2×', whisker: { min: 1.5, max: 4 } },
        { value: null, color: '#000', text: '–' }
      ],
      { x: 0, top: 0, width: 100, rowHeight: 20, reference: 1 }
    )
    expect(svg).toContain('width="50.0"')
    expect(svg).toContain('M37.5 9.5H100.0')
    expect(svg).toContain('<line x1="25.0"')
    expect(svg).toContain('width="0.0"')
  })
})
