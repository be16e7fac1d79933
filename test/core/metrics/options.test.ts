/**
 * The `metrics` and `underPressure` options: what each accepts, resolves to and refuses.
 */
import { describe, expect, it } from 'vitest'
import { Registry } from 'prom-client'
import { invalidOption } from '../../../src/core/options.js'
import { PULYA_ERR_INVALID_OPTION } from '../../../src/core/errors.js'
import { resolveMetrics, resolveUnderPressure } from '../../../src/core/metrics/options.js'
import { pulya } from '../../../src/index.js'
import { Router } from '../../../src/koa/index.js'
import { thrown } from '../../helpers/thrown.js'

describe('the metrics option', () => {
  it('is off by default and with false; true takes the defaults', () => {
    expect(resolveMetrics(undefined, invalidOption)).toBe(false)
    expect(resolveMetrics(false, invalidOption)).toBe(false)
    expect(resolveMetrics(true, invalidOption)).toEqual({
      buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
      register: undefined,
      unknownRoute: '__unknown__'
    })
  })

  it('takes buckets, a registry or false, and the unknown-route label', () => {
    const register = new Registry()
    expect(resolveMetrics({ buckets: [0.1, 1], register, unknownRoute: 'other' }, invalidOption)).toEqual({
      buckets: [0.1, 1],
      register,
      unknownRoute: 'other'
    })
    expect(resolveMetrics({ register: false }, invalidOption)).toMatchObject({ register: false })
  })

  it.each([
    ['metrics', 'yes'],
    ['metrics.buckets', { buckets: [] }],
    ['metrics.buckets', { buckets: [1, 0.5] }],
    ['metrics.buckets', { buckets: [0, 1] }],
    ['metrics.buckets', { buckets: [0.1, Infinity] }],
    ['metrics.buckets', { buckets: '0.1' }],
    ['metrics.register', { register: {} }],
    ['metrics.register', { register: true }],
    ['metrics.unknownRoute', { unknownRoute: '' }],
    ['metrics.labels', { labels: ['x'] }]
  ])('refuses a bad %s', (name, value) => {
    const error = thrown(() => pulya({ metrics: value as never }))
    expect(error.code).toBe(PULYA_ERR_INVALID_OPTION)
    expect(error.message).toContain(`"${name}"`)
  })
})

describe('the underPressure option', () => {
  it('is off by default; thresholds not given are Infinity; retryAfter and sampleInterval have defaults', () => {
    expect(resolveUnderPressure(undefined, invalidOption)).toBe(false)
    expect(resolveUnderPressure(false, invalidOption)).toBe(false)
    const resolved = resolveUnderPressure({ maxEventLoopDelay: 200 }, invalidOption)
    expect(resolved).toEqual({
      maxEventLoopDelay: 200,
      maxEventLoopUtilization: Infinity,
      maxHeapUsedBytes: Infinity,
      maxRssBytes: Infinity,
      retryAfter: 10,
      sampleInterval: 1000
    })
    // Resolving a resolved value gives it back (the root pulya() hands its options on).
    expect(resolveUnderPressure(resolved, invalidOption)).toEqual(resolved)
    expect(
      pulya({ underPressure: { maxRssBytes: 1e9, retryAfter: 0, sampleInterval: 10 } }).options.underPressure
    ).toMatchObject({ maxRssBytes: 1e9, retryAfter: 0, sampleInterval: 10 })
  })

  it.each([
    ['underPressure', true],
    ['underPressure', {}],
    ['underPressure', { retryAfter: 5 }],
    ['underPressure.maxEventLoopDelay', { maxEventLoopDelay: 0 }],
    ['underPressure.maxHeapUsedBytes', { maxHeapUsedBytes: '1GB' }],
    ['underPressure.maxEventLoopUtilization', { maxEventLoopUtilization: 1.5 }],
    ['underPressure.retryAfter', { maxRssBytes: 1, retryAfter: 1.5 }],
    ['underPressure.retryAfter', { maxRssBytes: 1, retryAfter: -1 }],
    ['underPressure.sampleInterval', { maxRssBytes: 1, sampleInterval: 5 }],
    ['underPressure.maxCpu', { maxCpu: 1 }]
  ])('refuses a bad %s', (name, value) => {
    const error = thrown(() => pulya({ underPressure: value as never }))
    expect(error.code).toBe(PULYA_ERR_INVALID_OPTION)
    expect(error.message).toContain(`"${name}"`)
  })

  it("is refused by pulya's Router, which sees requests only after the middleware", () => {
    expect(thrown(() => new Router({ pulya: { metrics: true } })).message).toContain(
      '"metrics" must be left out: it is an option of the pulya() middleware'
    )
    expect(thrown(() => new Router({ pulya: { underPressure: { maxRssBytes: 1 } } })).code).toBe(
      PULYA_ERR_INVALID_OPTION
    )
  })
})
