import { describe, expect, it } from 'vitest'
import { resolveKoaOptions } from '../../src/koa/options.js'
import { PULYA_ERR_INVALID_OPTION } from '../../src/core/errors.js'
import { HOST_ONLY_OPTION_NAMES, hostOptionSet } from '../../src/core/options.js'

describe('resolveKoaOptions', () => {
  it('takes the shared options only', () => {
    expect(resolveKoaOptions()).toEqual({
      cache: { max: 1024, maxKeyLength: 1024 },
      verify: 0,
      smallStack: 6,
      warm: true,
      metrics: false,
      underPressure: false
    })
    expect(
      resolveKoaOptions({ verify: 0.5, smallStack: 0, warm: false, metrics: false, underPressure: false })
    ).toEqual({
      cache: { max: 1024, maxKeyLength: 1024 },
      verify: 0.5,
      smallStack: 0,
      warm: false,
      metrics: false,
      underPressure: false
    })
  })

  it("refuses as another host's exactly the options core lists as that host's", () => {
    expect(hostOptionSet('Koa')).toEqual({
      host: 'Koa',
      names: [],
      foreign: Object.fromEntries(HOST_ONLY_OPTION_NAMES.Express.map((name) => [name, 'Express']))
    })
  })

  it.each([
    [
      { serverClasses: true },
      'option "serverClasses" must be left out: it is an option of Express, not of Koa, received true'
    ],
    [
      { responses: false },
      'option "responses" must be left out: it is an option of Express, not of Koa, received false'
    ],
    [
      { nope: 1 },
      'option "nope" must be one of cache, verify, smallStack, warm, metrics, underPressure (unknown option), received 1'
    ]
  ])('rejects Express-only and unknown options by name: %j', (input, message) => {
    expect(() => resolveKoaOptions(input as never)).toThrow(
      expect.objectContaining({
        name: 'TypeError',
        message: `pulya: ${message}`,
        code: PULYA_ERR_INVALID_OPTION
      }) as Error
    )
  })
})
