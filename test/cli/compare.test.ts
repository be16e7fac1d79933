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
  ] as const)('%s: vanilla, vanilla again, pulya', (verdict, vanilla, vanillaAgain, pulya) => {
    expect(judge(target('/a', '/a'), { vanilla, vanillaAgain, pulya })).toMatchObject({
      verdict,
      status: 200
    })
  })

  it('pulya under its own server is compared too: its differences say so', () => {
    expect(
      judge(target('/a', '/a'), { vanilla: same, vanillaAgain: same, pulya: same, pulyaServer: other })
    ).toMatchObject({
      verdict: 'differs',
      diff: [`with pulya's createServer: body: 1 → 1 bytes, first difference at byte 0: "x" → "y"`]
    })
  })

  it('formats one line per request, diffs under what differs, bodies cut at 40 characters, and a total', () => {
    const closed = answer(0, {}, '')
    const results = [
      judge(target('/a/:id', '/a/1'), { vanilla: same, vanillaAgain: same, pulya: same }),
      judge(target('/b', '/b'), { vanilla: same, vanillaAgain: same, pulya: other }),
      judge(
        target('/c', '/c', { method: 'POST', body: '{"title":"a title longer than forty characters"}' }),
        { vanilla: same, vanillaAgain: other, pulya: same }
      ),
      judge(target('/d', '/d', { method: 'PUT', body: '{}' }), {
        vanilla: same,
        vanillaAgain: same,
        pulya: same
      }),
      judge(target('/e', '/e'), { vanilla: closed, vanillaAgain: closed, pulya: closed })
    ]
    const text = formatResults(results)
    expect(text).toContain('same             200  GET /a/1  (/a/:id)')
    expect(text).toContain('differs          200  GET /b\n    body: 1 → 1 bytes')
    expect(text).toContain(
      'nondeterministic 200  POST /c  body "{\\"title\\":\\"a title longer than forty char…"'
    )
    expect(text).toContain('same             200  PUT /d  body "{}"')
    expect(text).toContain('same             closed  GET /e')
    expect(text).toContain('5 requests: 3 same, 1 differ, 1 nondeterministic')
    expect(formatResults(results.slice(0, 1))).toContain('1 request: 1 same')
  })
})
