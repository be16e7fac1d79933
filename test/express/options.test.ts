import { describe, expect, it } from 'vitest'
import { resolveExpressOptions } from '../../src/express/options.js'

describe('resolveExpressOptions', () => {
  it('adds serverClasses and responses to the shared options, both on by default', () => {
    expect(resolveExpressOptions()).toEqual({
      cache: { max: 1024, maxKeyLength: 1024 },
      verify: 0,
      smallStack: 6,
      warm: true,
      metrics: false,
      underPressure: false,
      serverClasses: true,
      responses: true
    })
    expect(resolveExpressOptions({ serverClasses: false, responses: false, cache: false })).toEqual({
      cache: false,
      verify: 0,
      smallStack: 6,
      warm: true,
      metrics: false,
      underPressure: false,
      serverClasses: false,
      responses: false
    })
    expect(Object.isFrozen(resolveExpressOptions({}))).toBe(true)
  })

  it.each([
    [{ serverClasses: 'no' }, 'option "serverClasses" must be a boolean, received "no"'],
    [{ responses: 1 }, 'option "responses" must be a boolean, received 1'],
    [
      { nope: 1 },
      'option "nope" must be one of cache, verify, smallStack, warm, metrics, underPressure, serverClasses, responses (unknown option), received 1'
    ]
  ])('rejects %j', (input, message) => {
    expect(() => resolveExpressOptions(input as never)).toThrow(`pulya: ${message}`)
  })
})
