/** The statuses of check's answers: tallied by class, written out, and the warning when most never reached a handler. */
import { describe, expect, it } from 'vitest'
import { formatStatuses, summariseStatuses, unreachedWarning } from '../../src/cli/statuses.js'

const answers = (...statuses: number[]): Array<{ status: number }> => statuses.map((status) => ({ status }))

describe('summariseStatuses and formatStatuses', () => {
  it.each([
    ['only 200s: no detail', [200, 200], 'statuses: 2xx 2, 3xx 0, 4xx 0, 5xx 0'],
    [
      'one other status in a class: named',
      [201, 404],
      'statuses: 2xx 1 (201 ×1), 3xx 0, 4xx 1 (404 ×1), 5xx 0'
    ],
    [
      'several statuses in a class, redirects, errors',
      [200, 204, 302, 500, 503],
      'statuses: 2xx 2 (200 ×1, 204 ×1), 3xx 1 (302 ×1), 4xx 0, 5xx 2 (500 ×1, 503 ×1)'
    ],
    ['connections closed without an answer', [200, 0, 0], 'statuses: 2xx 1, 3xx 0, 4xx 0, 5xx 0, closed 2'],
    ['nothing', [], 'statuses: 2xx 0, 3xx 0, 4xx 0, 5xx 0']
  ])('%s', (_what, statuses, text) => {
    expect(formatStatuses(summariseStatuses(answers(...statuses)))).toBe(text)
  })

  it('counts per class and per status', () => {
    expect(summariseStatuses(answers(200, 404, 404, 0))).toEqual({
      classes: { '2xx': 1, '3xx': 0, '4xx': 2, '5xx': 0, closed: 1 },
      statuses: { 0: 1, 200: 1, 404: 2 }
    })
  })
})

describe('unreachedWarning', () => {
  it.each([
    ['no answers', [], null],
    ['half of them 401', [401, 200], null],
    [
      'most of them 401 and 404',
      [401, 401, 404, 200],
      '3 of 4 answers were 401/403/404/5xx (401 ×2, 404 ×1)'
    ],
    ['most of them 5xx or closed', [500, 0, 200], '2 of 3 answers were 401/403/404/5xx (closed ×1, 500 ×1)'],
    ['403s', [403], '1 of 1 answers were 401/403/404/5xx (403 ×1)'],
    ['400s and redirects reached a handler', [400, 302, 422], null]
  ])('%s', (_what, statuses, start) => {
    const warning = unreachedWarning(answers(...statuses))
    if (start === null) expect(warning).toBeNull()
    else {
      expect(warning).toBe(
        `pulya: ${start}: did the requests reach your handlers? An API behind a login needs --header 'Authorization: Bearer …'; routes whose ids must exist need --samples`
      )
    }
  })
})
