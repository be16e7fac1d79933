import { describe, expect, it } from 'vitest'
import { Registry } from 'prom-client'
import { isPlainObject, isRecord } from '../../src/core/object-kinds.js'

describe('object kinds', () => {
  it.each([
    [{}, true, true],
    [Object.create(null), true, true],
    [new Registry(), true, false],
    [new Map(), true, false],
    [[], false, false],
    [null, false, false],
    ['text', false, false],
    [() => undefined, false, false]
  ])('%o: a record %s, a plain object %s', (value, record, plain) => {
    expect(isRecord(value)).toBe(record)
    expect(isPlainObject(value)).toBe(plain)
  })
})
