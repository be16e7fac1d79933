/** `check`'s comparison of answers, its verdicts and its report. */
import { describe, expect, it } from 'vitest'
import { diffAnswers, formatResults, judge, type Answer } from '../../src/cli/compare.js'
import { target } from '../helpers/cli-target.js'

const answer = (status: number, headers: Answer['headers'], body: string): Answer => ({
  status,
  headers,
  body: Buffer.from(body)
})

describe('diffAnswers', () => {
  it('diffs status, headers (not Date, not ignored ones) and body', () => {
    const a = answer(200, { date: '1', 'x-a': ['1', '2'], 'x-b': 'b', 'x-c': 'c' }, 'hello world')
    const b = answer(404, { date: '2', 'x-a': '1, 2', 'x-c': 'd' }, 'hello there')
    expect(diffAnswers(a, b, ['X-C'])).toEqual([
      'status: 200 → 404',
      'header x-b: "b" → (none)',
      'body: 11 → 11 bytes, first difference at byte 6: "hello world" → "hello there"'
    ])
  })

  it('finds nothing between an answer and itself', () => {
    const a = answer(200, { 'x-a': '1' }, 'x')
    expect(diffAnswers(a, a)).toEqual([])
  })
})

describe('judge and formatResults', () => {
  const same = answer(200, {}, 'x')
  const other = answer(200, {}, 'y')

  it.each([
    ['same', same, same, same],
    ['differs', same, same, other],
    ['nondeterministic', same, other, same]
  ] as const)('%s: vanilla, vanilla again, pulya', (verdict, vanilla, vanillaAgain, withPulya) => {
    expect(judge(target('/a', '/a'), vanilla, vanillaAgain, withPulya).verdict).toBe(verdict)
  })

  it('formats one line per request, diffs under what differs, bodies cut at 40 characters, and a total', () => {
    const results = [
      judge(target('/a/:id', '/a/1'), same, same, same),
      judge(target('/b', '/b'), same, same, other),
      judge(
        target('/c', '/c', { method: 'POST', body: '{"title":"a title longer than forty characters"}' }),
        same,
        other,
        same
      ),
      judge(target('/d', '/d', { method: 'PUT', body: '{}' }), same, same, same)
    ]
    const text = formatResults(results)
    expect(text).toContain('same             GET /a/1  (/a/:id)')
    expect(text).toContain('differs          GET /b\n    body: 1 → 1 bytes')
    expect(text).toContain('nondeterministic POST /c  body "{\\"title\\":\\"a title longer than forty char…"')
    expect(text).toContain('same             PUT /d  body "{}"')
    expect(text).toContain('4 requests: 2 same, 1 differ, 1 nondeterministic')
  })
})
