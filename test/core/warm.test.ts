import { describe, expect, it } from 'vitest'
import { inTurns, WARM_BUSY_MS, WARM_DELAY_MS, WARM_SLICE_MS } from '../../src/core/warm.js'

const busy = (ms: number): void => {
  const began = performance.now()
  while (performance.now() - began < ms) {
    /* work */
  }
}

/**
 * Runs `inTurns` over `steps` steps, each taking `stepMs`; every step queues an immediate that
 * takes `otherMs` (other work of the event loop, e.g. a request's next 100 layers). Logs the
 * steps, that other work, and when each step ran.
 */
async function run(
  steps: number,
  stepMs: number,
  otherMs: number,
  delayMs = 0
): Promise<{ order: string[]; times: number[] }> {
  const order: string[] = []
  const times: number[] = []
  let step = 0
  await new Promise<void>((resolve) => {
    inTurns(() => {
      times.push(performance.now())
      busy(stepMs)
      order.push(`step ${String(++step)}`)
      if (step < steps) {
        setImmediate(() => {
          busy(otherMs)
          order.push(`between ${String(step)}`)
        })
        return false
      }
      resolve()
      return true
    }, delayMs)
    order.push('scheduled')
  })
  return { order, times }
}

describe('inTurns', () => {
  it('starts after the delay asked for, never synchronously, and yields to the event loop once a slice has run its time', async () => {
    const asked = performance.now()
    const { order, times } = await run(3, WARM_SLICE_MS + 1, 0, WARM_DELAY_MS)
    expect(order).toEqual(['scheduled', 'step 1', 'between 1', 'step 2', 'between 2', 'step 3'])
    expect((times[0] as number) - asked).toBeGreaterThanOrEqual(WARM_DELAY_MS - 1)
  })

  it('without a delay, starts on the next turn and runs quick steps back to back within one slice', async () => {
    const { order } = await run(3, 0, 0)
    expect(order).toEqual(['scheduled', 'step 1', 'step 2', 'step 3'])
  })

  it('steps aside while the event loop is busy, and still goes a slice after each wait', async () => {
    const { order, times } = await run(3, WARM_SLICE_MS + 1, WARM_BUSY_MS + 2)
    expect(order).toEqual(['scheduled', 'step 1', 'between 1', 'step 2', 'between 2', 'step 3'])
    // After the other work made it late, the next step waited for the delay.
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(
      WARM_SLICE_MS + WARM_BUSY_MS + WARM_DELAY_MS
    )
  })
})
