import { describe, expect, it } from 'vitest'
import { findMissed } from '../../src/core/verify.js'

describe('findMissed', () => {
  it('probes only the positions the index skipped', () => {
    const probed: number[] = []
    const missed = findMissed(5, [0, 2], (position) => {
      probed.push(position)
      return position === 3
    })
    expect(probed).toEqual([1, 3, 4])
    expect(missed).toEqual([3])
  })
})
