/** The words of bench's report about serving, and the check's tally line. */
import { describe, expect, it } from 'vitest'
import { checkText, serverIntro, servingLines } from '../../src/cli/bench-serving.js'

describe('checkText', () => {
  it.each([
    [null, 'Check before the run: skipped (--skip-check)'],
    [
      { requests: 4, same: 3, nondeterministic: 1 },
      'Check before the run: 4 requests, 3 same, 1 nondeterministic, none differ'
    ],
    [
      { requests: 4, same: 4, nondeterministic: 0, statuses: 'statuses: 2xx 4, 3xx 0, 4xx 0, 5xx 0' },
      'Check before the run: 4 requests, 4 same, 0 nondeterministic, none differ; statuses: 2xx 4, 3xx 0, 4xx 0, 5xx 0'
    ]
  ])('%j', (check, text) => {
    expect(checkText(check)).toBe(text)
  })
})

describe('servingLines', () => {
  it('"Served as …" and the note; nothing for a results.json from before 0.2', () => {
    expect(
      servingLines({
        mode: 'listen',
        source: 'module',
        text: 'app.listen()',
        note: 'n',
        pulyaServerCode: null
      })
    ).toEqual(['Served as app.listen()', 'n'])
    expect(servingLines(undefined)).toEqual([])
  })

  it('serverIntro: why the table is there, then the line to change', () => {
    expect(serverIntro({ from: 'a', to: 'b' })).toEqual([
      expect.stringContaining('(a), so pulya') as string,
      'a  →  b'
    ])
  })
})
