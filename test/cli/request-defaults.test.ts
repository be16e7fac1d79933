/** What every request carries: one Host for every process, and the --header's over its own. */
import { describe, expect, it } from 'vitest'
import { DEFAULT_HOST, parseHeader, runHeaders } from '../../src/cli/request-defaults.js'

describe('parseHeader', () => {
  it.each([
    ['Authorization: Bearer a:b', ['authorization', 'Bearer a:b']],
    ['X-Empty:', ['x-empty', '']],
    ['  Host :  api.example.com  ', ['host', 'api.example.com']]
  ])('%j', (text, header) => {
    expect(parseHeader(text)).toEqual(header)
  })

  it.each([['no colon'], [': value'], ['bad name: v'], ['a(b): c']])('%j is refused', (text) => {
    expect(() => parseHeader(text)).toThrow(
      `--header takes 'Name: value', e.g. --header 'Authorization: Bearer abc', got "${text}"`
    )
  })
})

describe('runHeaders', () => {
  it.each([
    ['nothing given: the default Host', {}, {}, { host: DEFAULT_HOST }],
    [
      "a sample's own Host is kept",
      { Host: 'api.example.com', accept: 'a' },
      {},
      { Host: 'api.example.com', accept: 'a' }
    ],
    [
      'a --header replaces the same header whatever its case',
      { Authorization: 'old', accept: 'a' },
      { authorization: 'Bearer new' },
      { accept: 'a', authorization: 'Bearer new', host: DEFAULT_HOST }
    ],
    ["--header 'Host: …' wins over the sample's", { host: 'sample' }, { host: 'given' }, { host: 'given' }],
    [
      'a header named like an Object member',
      { constructor: 'x' },
      {},
      { constructor: 'x', host: DEFAULT_HOST }
    ]
  ])('%s', (_what, own, given, headers) => {
    expect(runHeaders(own, given)).toEqual(headers)
  })
})
