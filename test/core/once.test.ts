import { describe, expect, it } from 'vitest'
import { OnceMap } from '../../src/core/once.js'

describe('OnceMap', () => {
  it('computes a value on the first get of a key and returns that same value after', () => {
    const calls: object[] = []
    const map = new OnceMap((key: object) => {
      calls.push(key)
      return { for: key }
    })
    const a = {}
    const b = {}
    const first = map.get(a)
    expect(map.get(a)).toBe(first)
    expect(map.get(b)).not.toBe(first)
    expect(calls).toEqual([a, b])
  })

  it('keeps null (an answer: "not a source pulya knows") but not undefined ("cannot tell yet")', () => {
    let answer: null | undefined = undefined
    let calls = 0
    const map = new OnceMap<object, null | undefined>(() => {
      calls++
      return answer
    })
    const key = {}
    expect(map.get(key)).toBeUndefined()
    expect(map.get(key)).toBeUndefined()
    expect(calls).toBe(2)
    answer = null
    expect(map.get(key)).toBeNull()
    answer = undefined
    expect(map.get(key)).toBeNull()
    expect(calls).toBe(3)
  })
})
