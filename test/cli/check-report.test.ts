/** check's report in every form: the lines per answer, the tallies, the serving and Host, warnings, a failure. */
import { describe, expect, it } from 'vitest'
import { checkDoc, checkReport, hostLine } from '../../src/cli/check-report.js'
import type { CheckResult } from '../../src/cli/compare.js'

const result = (over: Partial<CheckResult>): CheckResult => ({
  template: '/a/:id',
  method: 'GET',
  path: '/a/1',
  body: null,
  status: 200,
  verdict: 'same',
  diff: [],
  ...over
})

const doc = checkDoc({
  app: 'app.js',
  pulyaVersion: '9.9.9',
  serving: 'app.listen() (listen mode): the module calls app.listen() when loaded',
  host: null,
  results: [result({}), result({ status: 401, verdict: 'differs', diff: ['status: 401 → 200'] })],
  warnings: ['pulya: 1 of 2 answers were 401'],
  failure: { message: 'pulya: GET /b crashed the pulya app process', details: ['Error: b'] },
  explain: null
})

describe('checkReport', () => {
  it('text: the results, then the tallies, the serving, the Host and the version', () => {
    expect(checkReport(doc).text.split('\n').slice(3)).toEqual([
      '2 requests: 1 same, 1 differ, 0 nondeterministic (the two vanilla processes answered differently; not compared)',
      'statuses: 2xx 1, 3xx 0, 4xx 1 (401 ×1), 5xx 0',
      'served as app.listen() (listen mode): the module calls app.listen() when loaded',
      "Host: the sample's or the HAR's, else 127.0.0.1:3000, the same in every process (--header 'Host: …' sets one)",
      'pulya 9.9.9',
      ''
    ])
  })

  it('the Host --header gave, named', () => {
    expect(hostLine('example.com')).toBe(
      'Host: example.com (--header), the same for every request in every process'
    )
  })

  it('JSON: the document, statuses tallied', () => {
    expect(checkReport(doc).json).toEqual(doc)
    expect(doc.statuses.classes).toMatchObject({ '2xx': 1, '4xx': 1 })
  })

  it('Markdown and HTML: the summary with the warnings, the failure, a table of every answer', () => {
    const { markdown, html } = checkReport(doc)
    expect(markdown).toContain('- pulya: 1 of 2 answers were 401\n')
    expect(markdown).toContain('```\npulya: GET /b crashed the pulya app process\nError: b\n```')
    expect(markdown).toContain('| differs | 401 | GET | /a/1 | /a/:id | status: 401 → 200 |')
    expect(html).toContain('<td>differs</td><td>401</td>')
    expect(checkReport({ ...doc, failure: null }).markdown).not.toContain('```')
  })
})
