/** A failure of the app under the command: its line, the app's stderr under it, and its exit code. */
import { describe, expect, it } from 'vitest'
import { AppFailure, requestFailure, stderrLines } from '../../src/cli/app-failure.js'

const app = (tail: string[]): { label: string; stderrTail(): string[] } => ({
  label: 'the vanilla app process',
  stderrTail: () => tail
})

describe('stderrLines', () => {
  it.each([
    [[], ['(the vanilla app process wrote nothing on stderr)']],
    [
      ['Error: x', '  at y'],
      ['the vanilla app process, last lines on stderr:', '  Error: x', '    at y']
    ]
  ])('%j', (tail, lines) => {
    expect(stderrLines('the vanilla app process', tail)).toEqual(lines)
  })
})

describe('requestFailure', () => {
  it.each([
    [
      'vanilla',
      1,
      null,
      2,
      'pulya: GET /x crashed it: the app fails there without pulya, so the check stopped after 1 request; give the route a request it can answer (--samples) or fix the app'
    ],
    [
      'vanillaAgain',
      3,
      200,
      2,
      'pulya: GET /x crashed it: the app fails there without pulya, so the check stopped after 3 requests; give the route a request it can answer (--samples) or fix the app'
    ],
    [
      'pulya',
      0,
      200,
      1,
      'pulya: GET /x crashed it where vanilla answered 200: a difference pulya makes (the check stopped after 0 requests)'
    ],
    [
      'pulyaServer',
      2,
      null,
      1,
      'pulya: GET /x crashed it where vanilla answered ?: a difference pulya makes (the check stopped after 2 requests)'
    ]
  ] as const)('the %s process after %i requests', (side, compared, vanillaStatus, exitCode, message) => {
    const failure = requestFailure(
      { message: 'GET /x crashed it', side, compared, vanillaStatus },
      app(['Error: x'])
    )
    expect(failure).toBeInstanceOf(AppFailure)
    expect([failure.message, failure.exitCode, failure.details]).toEqual([
      message,
      exitCode,
      ['the vanilla app process, last lines on stderr:', '  Error: x']
    ])
  })
})
