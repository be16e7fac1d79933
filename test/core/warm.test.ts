import { describe, expect, it } from 'vitest'
import { inTurns } from '../../src/core/warm.js'

describe('inTurns', () => {
  it('runs one step per turn of the event loop, never synchronously, until a step says done', async () => {
    const order: string[] = []
    let steps = 0
    const done = new Promise<void>((resolve) => {
      inTurns(() => {
        order.push(`step ${String(++steps)}`)
        if (steps < 3) {
          setImmediate(() => order.push(`between ${String(steps)}`))
          return false
        }
        resolve()
        return true
      })
    })
    order.push('scheduled')
    await done
    expect(order).toEqual(['scheduled', 'step 1', 'between 1', 'step 2', 'between 2', 'step 3'])
  })
})
