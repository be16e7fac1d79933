import { describe, expect, it } from 'vitest'
import { resolveCoreOptions, booleanOption, type HostOptionSet } from '../../src/core/options.js'
import { PULYA_ERR_INVALID_OPTION } from '../../src/core/errors.js'

/** A host with one option of its own and one it knows belongs to another host. */
const HOST: HostOptionSet = { host: 'Host', names: ['own'], foreign: { theirs: 'Other' } }
const resolveOptions = (options?: unknown): unknown => resolveCoreOptions(options, HOST).resolved

describe('resolveOptions', () => {
  it('resolves defaults when nothing is given', () => {
    expect(resolveOptions()).toEqual({
      cache: { max: 1024, maxKeyLength: 1024 },
      verify: 0,
      smallStack: 6,
      warm: true,
      metrics: false,
      underPressure: false
    })
    expect(resolveOptions({})).toEqual(resolveOptions())
    expect(Object.isFrozen(resolveOptions({}))).toBe(true)
  })

  it.each([
    [
      { cache: false },
      { cache: false, verify: 0, smallStack: 6, warm: true, metrics: false, underPressure: false }
    ],
    [
      { cache: true },
      {
        cache: { max: 1024, maxKeyLength: 1024 },
        verify: 0,
        smallStack: 6,
        warm: true,
        metrics: false,
        underPressure: false
      }
    ],
    [
      { cache: { max: 5 } },
      {
        cache: { max: 5, maxKeyLength: 1024 },
        verify: 0,
        smallStack: 6,
        warm: true,
        metrics: false,
        underPressure: false
      }
    ],
    [
      { cache: { maxKeyLength: 7 } },
      {
        cache: { max: 1024, maxKeyLength: 7 },
        verify: 0,
        smallStack: 6,
        warm: true,
        metrics: false,
        underPressure: false
      }
    ],
    [
      { verify: true },
      {
        cache: { max: 1024, maxKeyLength: 1024 },
        verify: 1,
        smallStack: 6,
        warm: true,
        metrics: false,
        underPressure: false
      }
    ],
    [
      { verify: false },
      {
        cache: { max: 1024, maxKeyLength: 1024 },
        verify: 0,
        smallStack: 6,
        warm: true,
        metrics: false,
        underPressure: false
      }
    ],
    [
      { verify: 0.25 },
      {
        cache: { max: 1024, maxKeyLength: 1024 },
        verify: 0.25,
        smallStack: 6,
        warm: true,
        metrics: false,
        underPressure: false
      }
    ],
    [
      Object.assign(Object.create(null) as object, { verify: 1 }),
      {
        cache: { max: 1024, maxKeyLength: 1024 },
        verify: 1,
        smallStack: 6,
        warm: true,
        metrics: false,
        underPressure: false
      }
    ]
  ])('resolves %j', (input, expected) => {
    expect(resolveOptions(input)).toEqual(expected)
  })

  it.each([
    [null, 'option "options" must be an object, received null'],
    ['fast', 'option "options" must be an object, received "fast"'],
    [[], 'option "options" must be an object, received an array'],
    [new Map(), 'option "options" must be an object, received an object'],
    [
      { cahce: 1 },
      'option "cahce" must be one of cache, verify, smallStack, warm, metrics, underPressure, own (unknown option), received 1'
    ],
    [
      { theirs: true },
      'option "theirs" must be left out: it is an option of Other, not of Host, received true'
    ],
    [{ cache: 'lru' }, 'option "cache" must be false or an object, received "lru"'],
    [{ cache: { max: 0 } }, 'option "cache.max" must be a positive integer, received 0'],
    [{ cache: { max: 1.5 } }, 'option "cache.max" must be a positive integer, received 1.5'],
    [{ cache: { max: 10n } }, 'option "cache.max" must be a positive integer, received 10n'],
    [
      { cache: { maxKeyLength: '9' } },
      'option "cache.maxKeyLength" must be a positive integer, received "9"'
    ],
    [
      { cache: { size: 9 } },
      'option "cache.size" must be one of max, maxKeyLength (unknown option), received 9'
    ],
    [{ verify: 2 }, 'option "verify" must be a boolean or a number between 0 and 1, received 2'],
    [{ verify: -0.1 }, 'option "verify" must be a boolean or a number between 0 and 1, received -0.1'],
    [{ verify: Number.NaN }, 'option "verify" must be a boolean or a number between 0 and 1, received NaN'],
    [{ verify: 'yes' }, 'option "verify" must be a boolean or a number between 0 and 1, received "yes"']
  ])('rejects case %# with a TypeError naming it', (input, message) => {
    let caught: unknown
    try {
      resolveOptions(input as never)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(TypeError)
    expect((caught as Error).message).toBe(`pulya: ${message}`)
    expect((caught as { code?: string }).code).toBe(PULYA_ERR_INVALID_OPTION)
  })
})

describe('resolveCoreOptions', () => {
  it('hands the host what the user gave, for its own options', () => {
    expect(resolveCoreOptions({ own: 1, smallStack: 2 }, HOST).given).toEqual({ own: 1, smallStack: 2 })
    expect(resolveCoreOptions(undefined, HOST).given).toEqual({})
  })
})

describe('booleanOption', () => {
  it('takes a boolean, defaults when absent and rejects anything else', () => {
    expect(booleanOption('own', undefined, true)).toBe(true)
    expect(booleanOption('own', false, true)).toBe(false)
    expect(() => booleanOption('own', 'no', true)).toThrow(
      'pulya: option "own" must be a boolean, received "no"'
    )
  })
})

describe('resolveOptions smallStack', () => {
  it('takes a non-negative integer and rejects anything else', () => {
    expect(resolveOptions({ smallStack: 0 })).toMatchObject({ smallStack: 0 })
    expect(() => resolveOptions({ smallStack: -1 })).toThrow(
      'pulya: option "smallStack" must be a non-negative integer, received -1'
    )
    expect(() => resolveOptions({ smallStack: '2' as never })).toThrow(
      'pulya: option "smallStack" must be a non-negative integer, received "2"'
    )
  })
})
