/** `pulya bench`'s HTML report: self-contained, three SVG charts, the gate, escaped text. */
import { describe, expect, it } from 'vitest'
import { renderHtml } from '../../src/cli/bench-html.js'
import { META, reportDoc, summary } from './_bench-fixtures.js'

describe('renderHtml', () => {
  const doc = reportDoc('GET /users/:id/a-very-long-template/with/many/segments')

  it('one file: no script, no external resource, three charts, long names cut, a slower route in red, the gate', () => {
    const html = renderHtml(doc)
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).not.toMatch(/<script|<link|src=/)
    expect(html.match(/<svg /g)).toHaveLength(3)
    expect(html).toContain('GET /users/:id/a-very-long-template/w…')
    expect(html).toContain('#c0392b')
    expect(html).toContain('<li class="bad">REGRESSION mix')
  })

  it('without options, check, gate or speed-up; notes escaped', () => {
    const html = renderHtml({
      ...doc,
      meta: { ...META, pulyaOptions: null, check: null },
      gate: null,
      workloads: [{ ...summary('mix', 1, 1), speedup: null, notes: ['<b>'] }]
    })
    expect(html).toContain('Check before the run: skipped')
    expect(html).not.toContain('with options')
    expect(html).toContain('&lt;b&gt;')
  })
})
