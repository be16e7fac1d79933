import { describe, expect, it, vi } from 'vitest'
import { createVerifier, findMissed, Verifier } from '../../src/core/verify.js'
import { PULYA_VERIFY_MISMATCH } from '../../src/core/errors.js'

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

describe('Verifier', () => {
  it('is made only when verify mode is on', () => {
    expect(createVerifier(0)).toBeNull()
    expect(createVerifier(1)).toBeInstanceOf(Verifier)
  })

  it.each([
    [1, [true, true, true, true, true, true]],
    [0.5, [true, false, true, false, true, false]],
    [0.3, [true, false, false, true, false, false]],
    [0.001, [true, false, false, false, false, false]]
  ])('samples every (1 / rate)-th request at rate %d', (rate, expected) => {
    const verifier = new Verifier(rate)
    expect(expected.map(() => verifier.sample())).toEqual(expected)
  })

  it('counts checks and mismatches, and warns once per key', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    try {
      const verifier = new Verifier(1)
      expect(verifier.record(true)).toBe(true)
      expect(verifier.record(false)).toBe(false)
      verifier.warnOnce('3', 'first')
      verifier.warnOnce('3', 'again')
      verifier.warnOnce('4', 'other')
      expect([verifier.verified, verifier.mismatches]).toEqual([2, 1])
      expect(warn.mock.calls).toEqual([
        ['first', 'PulyaWarning', PULYA_VERIFY_MISMATCH],
        ['other', 'PulyaWarning', PULYA_VERIFY_MISMATCH]
      ])
    } finally {
      warn.mockRestore()
    }
  })
})
