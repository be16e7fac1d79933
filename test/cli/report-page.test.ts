/** --out's report.md and report.html for routes, check and explain: one page model, two renderings. */
import { describe, expect, it } from 'vitest'
import { pageHtml, pageMarkdown, type Page } from '../../src/cli/report-page.js'

const page: Page = {
  title: 'pulya check: <app>.js',
  blocks: [
    { heading: 'Summary' },
    { lines: ['4 requests', 'a | b'] },
    {
      table: {
        header: ['verdict', 'path'],
        rows: [
          ['same', '/a|b'],
          ['differs', '<x>']
        ]
      }
    },
    { pre: 'line 1\nline 2\n' }
  ]
}

describe('pageMarkdown', () => {
  it('a title, headings, list lines, tables (pipes escaped) and fenced blocks', () => {
    expect(pageMarkdown(page)).toBe(
      [
        '# pulya check: <app>.js',
        '',
        '## Summary',
        '',
        '- 4 requests',
        '- a | b',
        '',
        '| verdict | path |',
        '| --- | --- |',
        '| same | /a\\|b |',
        '| differs | <x> |',
        '',
        '```',
        'line 1',
        'line 2',
        '```',
        ''
      ].join('\n')
    )
  })
})

describe('pageHtml', () => {
  it('one self-contained page: no script, nothing external, every text escaped', () => {
    const html = pageHtml(page)
    expect(html).toMatch(/^<!doctype html>\n/)
    expect(html).toContain('<title>pulya check: &lt;app&gt;.js</title>')
    expect(html).toContain('<h2>Summary</h2>')
    expect(html).toContain('<ul><li>4 requests</li><li>a | b</li></ul>')
    expect(html).toContain('<tr><td>differs</td><td>&lt;x&gt;</td></tr>')
    expect(html).toContain('<pre>line 1\nline 2\n</pre>')
    expect(html).not.toMatch(/<script|src=|href=/)
  })
})
