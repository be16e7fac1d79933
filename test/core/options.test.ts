import { describe, expect, it } from 'vitest'
import { resolveOptions, PULYA_ERR_INVALID_OPTION, DEFAULT_CACHE_MAX, DEFAULT_CACHE_MAX_KEY_LENGTH } from '../../src/core/options.js'

describe('resolveOptions', () => {
  it('resolves defaults when nothing is given', () => {
    expect(resolveOptions()).toEqual({ cache: { max: DEFAULT_CACHE_MAX, maxKeyLength: DEFAULT_CACHE_MAX_KEY_LENGTH }, verify: 0, serverClasses: true, smallStack: 6, responses: true })
    expect(resolveOptions({})).toEqual(resolveOptions())
    expect(Object.isFrozen(resolveOptions({}))).toBe(true)
  })

  it.each([
    [{ cache: false }, { cache: false, verify: 0, serverClasses: true, smallStack: 6, responses: true }],
    [{ cache: true }, { cache: { max: 1024, maxKeyLength: 1024 }, verify: 0, serverClasses: true, smallStack: 6, responses: true }],
    [{ cache: { max: 5 } }, { cache: { max: 5, maxKeyLength: 1024 }, verify: 0, serverClasses: true, smallStack: 6, responses: true }],
    [{ cache: { maxKeyLength: 7 } }, { cache: { max: 1024, maxKeyLength: 7 }, verify: 0, serverClasses: true, smallStack: 6, responses: true }],
    [{ verify: true }, { cache: { max: 1024, maxKeyLength: 1024 }, verify: 1, serverClasses: true, smallStack: 6, responses: true }],
    [{ verify: false }, { cache: { max: 1024, maxKeyLength: 1024 }, verify: 0, serverClasses: true, smallStack: 6, responses: true }],
    [{ verify: 0.25 }, { cache: { max: 1024, maxKeyLength: 1024 }, verify: 0.25, serverClasses: true, smallStack: 6, responses: true }],
    [Object.assign(Object.create(null) as object, { verify: 1 }), { cache: { max: 1024, maxKeyLength: 1024 }, verify: 1, serverClasses: true, smallStack: 6, responses: true }]
  ])('resolves %j', (input, expected) => {
    expect(resolveOptions(input)).toEqual(expected)
  })

  it.each([
    [null, 'option "options" must be an object, received null'],
    ['fast', 'option "options" must be an object, received "fast"'],
    [[], 'option "options" must be an object, received an array'],
    [new Map(), 'option "options" must be an object, received an object'],
    [{ cahce: 1 }, 'option "cahce" must be one of cache, verify, serverClasses, smallStack, responses (unknown option), received 1'],
    [{ cache: 'lru' }, 'option "cache" must be false or an object, received "lru"'],
    [{ cache: { max: 0 } }, 'option "cache.max" must be a positive integer, received 0'],
    [{ cache: { max: 1.5 } }, 'option "cache.max" must be a positive integer, received 1.5'],
    [{ cache: { max: 10n } }, 'option "cache.max" must be a positive integer, received 10n'],
    [{ cache: { maxKeyLength: '9' } }, 'option "cache.maxKeyLength" must be a positive integer, received "9"'],
    [{ cache: { size: 9 } }, 'option "cache.size" must be one of max, maxKeyLength (unknown option), received 9'],
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

describe('resolveOptions serverClasses', () => {
  it('takes a boolean and rejects anything else', () => {
    expect(resolveOptions({ serverClasses: false }).serverClasses).toBe(false)
    expect(() => resolveOptions({ serverClasses: 'no' as never })).toThrow('pulya: option "serverClasses" must be a boolean, received "no"')
  })
})

describe('resolveOptions smallStack', () => {
  it('takes a non-negative integer and rejects anything else', () => {
    expect(resolveOptions({ smallStack: 0 }).smallStack).toBe(0)
    expect(() => resolveOptions({ smallStack: -1 })).toThrow('pulya: option "smallStack" must be a non-negative integer, received -1')
    expect(() => resolveOptions({ smallStack: '2' as never })).toThrow('pulya: option "smallStack" must be a non-negative integer, received "2"')
  })
})

describe('resolveOptions responses', () => {
  it('takes a boolean, defaults to true and rejects anything else', () => {
    expect(resolveOptions({}).responses).toBe(true)
    expect(resolveOptions({ responses: false }).responses).toBe(false)
    expect(() => resolveOptions({ responses: 1 as never })).toThrow('pulya: option "responses" must be a boolean, received 1')
  })
})
