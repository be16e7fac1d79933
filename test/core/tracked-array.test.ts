import { describe, expect, it } from 'vitest'
import { arrayVersion, trackArray } from '../../src/core/tracked-array.js'

describe('tracked arrays', () => {
  it('is -1 for an untracked array', () => {
    expect(arrayVersion([])).toBe(-1)
  })

  it.each([
    ['push', (a: number[]) => a.push(4)],
    ['pop', (a: number[]) => a.pop()],
    ['shift', (a: number[]) => a.shift()],
    ['unshift', (a: number[]) => a.unshift(0)],
    ['splice', (a: number[]) => a.splice(1, 1, 9)],
    ['sort', (a: number[]) => a.sort()],
    ['reverse', (a: number[]) => a.reverse()],
    ['fill', (a: number[]) => a.fill(0)],
    ['copyWithin', (a: number[]) => a.copyWithin(0, 1)]
  ])('%s bumps the version and still works', (_name, mutate) => {
    const tracked = [3, 1, 2]
    const plain = [3, 1, 2]
    const before = trackArray(tracked)
    expect(mutate(tracked)).toEqual(mutate(plain))
    expect(tracked).toEqual(plain)
    expect(arrayVersion(tracked)).toBe(before + 1)
    expect(Array.isArray(tracked)).toBe(true)
  })

  it('tracks once and keeps the array a plain-looking array', () => {
    const array = [1]
    expect(trackArray(array)).toBe(0)
    array.push(2)
    expect(trackArray(array)).toBe(1)
    expect(Object.keys(array)).toEqual(['0', '1'])
    expect(JSON.stringify(array)).toBe('[1,2]')
  })
})
