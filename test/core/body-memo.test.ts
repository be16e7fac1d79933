import { describe, expect, it } from 'vitest'
import { BodyMemo, MEMO_COOLDOWN, MEMO_WINDOW } from '../../src/core/body-memo.js'

const bytes = (text: string): Buffer => Buffer.from(text)

describe('BodyMemo', () => {
  it('remembers values by the bytes of the body, of every length (a table large enough for no two to share a slot)', () => {
    const memo = new BodyMemo(4096, 10_000)
    const bodies = ['', 'a', 'ab', 'abc', 'abcd', 'abcdefg', 'x'.repeat(805), 'héllo wörld']
    bodies.forEach((text, i) => {
      memo.set(bytes(text), `v${i}`)
    })
    bodies.forEach((text, i) => {
      expect(memo.get(bytes(text))).toBe(`v${i}`)
    })
    expect(memo.get(bytes('abce'))).toBeUndefined()
    expect(memo.get(bytes(`${'x'.repeat(804)}y`))).toBeUndefined()
    expect(memo.stats).toEqual({ hits: bodies.length, misses: 2, skipped: 0 })
  })

  it('keeps its own copy of the bytes', () => {
    const memo = new BodyMemo(4, 100)
    const body = bytes('mutable')
    memo.set(body, 'tag')
    body.write('MUTATED')
    expect(memo.get(bytes('mutable'))).toBe('tag')
    expect(memo.get(body)).toBeUndefined()
  })

  it('never holds more bodies than its slots', () => {
    const memo = new BodyMemo(5, 100)
    for (let i = 0; i < 1000; i++) memo.set(bytes(`body ${i}`), String(i))
    expect(memo.size).toBeLessThanOrEqual(8)
    expect(memo.size).toBeGreaterThan(0)
  })

  it('skips bodies larger than its limit', () => {
    const memo = new BodyMemo(2, 10)
    expect(memo.active(10)).toBe(true)
    expect(memo.active(11)).toBe(false)
    expect(memo.stats.skipped).toBe(1)
  })

  it('goes cold after a window where fewer than a quarter hit, then tries again', () => {
    const memo = new BodyMemo(4, 100)
    for (let i = 0; i < MEMO_WINDOW; i++) {
      expect(memo.active(4)).toBe(true)
      memo.get(bytes(`other${i}`))
    }
    let skipped = 0
    while (!memo.active(4)) skipped++
    expect(skipped).toBe(MEMO_COOLDOWN)
    expect(memo.stats.skipped).toBe(MEMO_COOLDOWN)
  })

  it('stays warm while at least a quarter of a window hits', () => {
    const memo = new BodyMemo(4, 100)
    memo.set(bytes('hot'), 'v')
    for (let i = 0; i < 3 * MEMO_WINDOW; i++) {
      expect(memo.active(3)).toBe(true)
      memo.get(bytes(i % 4 === 0 ? 'hot' : `cold${i}`))
    }
    expect(memo.stats.hits).toBe((3 * MEMO_WINDOW) / 4)
  })
})
