/** Medians and spreads over rounds: what is not a finite number is ignored. */
import { describe, expect, it } from 'vitest'
import { median, spread } from '../../src/cli/median.js'

describe('median', () => {
  it.each([
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [['x', null], null],
    [[1, Number.NaN, Infinity, 3], 2]
  ])('%j → %s', (values, value) => {
    expect(median(values)).toBe(value)
  })
})

describe('spread', () => {
  it.each([
    [[1.5, 1.2, 'x', 1.3], { median: 1.3, min: 1.2, max: 1.5 }],
    [[], null]
  ])('%j → %j', (values, value) => {
    expect(spread(values)).toEqual(value)
  })
})
