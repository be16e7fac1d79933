/**
 * The bench's verification of an answer: a check's status, exact body or a piece of the decoded
 * body, and headers (a value, a pattern, or absent); and two servers' answers compared byte for
 * byte, apart from Date and a workload's volatile header parts.
 */
import { describe, expect, it } from 'vitest'
import { findCheckProblem, findIdentityProblem, type Answer } from '../../bench/lib/verify.mjs'

function answer(status: number, body: string, headers: Answer['headers'] = {}): Answer {
  return { status, headers, raw: Buffer.from(body), body }
}

const check = { method: 'GET', path: '/x', status: 200 }

describe('findCheckProblem', () => {
  it.each([
    ['a matching status', { ...check }, answer(200, 'x'), null],
    ['another status', { ...check }, answer(404, 'x'), 'status 404, expected 200'],
    ['an exact body', { ...check, body: 'ok' }, answer(200, 'ok'), null],
    ['a family body', { ...check, body: { koa: 'k', express: 'e' } }, answer(200, 'k'), null],
    [
      'a family without a body',
      { ...check, body: { express: 'e' } },
      answer(200, 'k'),
      'no expected body for family "koa"'
    ],
    ['a piece of the body', { ...check, contains: '"id":1' }, answer(200, '{"id":1}'), null],
    [
      'a missing piece',
      { ...check, contains: '"id":2' },
      answer(200, '{"id":1}'),
      'body "{\\"id\\":1}" has no "\\"id\\":2"'
    ],
    [
      'a family without a piece',
      { ...check, contains: { express: 'e' } },
      answer(200, 'k'),
      'no expected body piece for family "koa"'
    ],
    [
      'a header pattern',
      { ...check, headers: { 'Content-Type': /json/ } },
      answer(200, '', { 'content-type': 'application/json' }),
      null
    ],
    [
      'a header off the pattern',
      { ...check, headers: { 'content-type': /json/ } },
      answer(200, '', { 'content-type': 'text/html' }),
      'header content-type: "text/html", expected /json/'
    ],
    ['an absent header', { ...check, headers: { 'content-encoding': undefined } }, answer(200, ''), null],
    [
      'a header that should be absent',
      { ...check, headers: { 'content-encoding': undefined } },
      answer(200, '', { 'content-encoding': 'br' }),
      'header content-encoding: "br", expected undefined'
    ]
  ])('%s', (_, c, a, problem) => {
    expect(findCheckProblem(c, 'koa', a)).toBe(problem)
  })
})

describe('findIdentityProblem', () => {
  const volatile = { ratelimit: /t=\d+/ }
  it.each([
    ['the same answers', answer(200, 'a', { date: '1' }), answer(200, 'a', { date: '2' }), null],
    ['other statuses', answer(200, 'a'), answer(201, 'a'), 'status 200 vs 201'],
    ['other bytes', answer(200, 'a'), answer(200, 'b'), 'body "a" vs "b"'],
    [
      'another header',
      answer(200, 'a', { vary: 'Origin' }),
      answer(200, 'a'),
      'header vary: "Origin" vs undefined'
    ],
    [
      'a volatile part',
      answer(200, 'a', { ratelimit: 'r=9; t=60' }),
      answer(200, 'a', { ratelimit: 'r=9; t=59' }),
      null
    ],
    [
      'a volatile header otherwise different',
      answer(200, 'a', { ratelimit: 'r=9; t=60' }),
      answer(200, 'a', { ratelimit: 'r=8; t=60' }),
      'header ratelimit: "r=9; t=60" vs "r=8; t=60"'
    ]
  ])('%s', (_, a, b, problem) => {
    expect(findIdentityProblem(a, b, volatile)).toBe(problem)
  })
})
