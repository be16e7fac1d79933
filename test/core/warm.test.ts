import { describe, expect, it } from 'vitest'
import {
  inTurns,
  WarmQueue,
  WARM_BUSY_MS,
  WARM_DELAY_MS,
  WARM_SLICE_MS,
  WARM_STEP_LAYERS,
  type WarmTarget
} from '../../src/core/warm.js'

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

/** A router stand-in: `warmStep` reads `per` layers of `layers` per call until all are read. */
class FakeTarget implements WarmTarget {
  read = 0
  steps = 0
  readonly #layers: number
  readonly #onBuilt: () => void
  constructor(layers: number, onBuilt: () => void = () => undefined) {
    this.#layers = layers
    this.#onBuilt = onBuilt
  }
  warmStep(budget: number): boolean {
    if (this.read >= this.#layers) return true
    this.steps++
    this.read = Math.min(this.#layers, this.read + budget)
    if (this.read === this.#layers) this.#onBuilt()
    return false
  }
}

describe('WarmQueue', () => {
  it('buildAll builds every target now, targets added by a build included', () => {
    const queue = new WarmQueue<FakeTarget>()
    const nested = new FakeTarget(5)
    queue.targets.push(new FakeTarget(3, () => queue.targets.push(nested)))
    queue.buildAll()
    expect(queue.targets.map((t) => t.read)).toEqual([3, 5])
    expect(queue.targets.map((t) => t.steps)).toEqual([1, 1])
  })

  it('schedules one warm-up however many ask, in steps of WARM_STEP_LAYERS, off this turn; idle() resolves when it ends', async () => {
    const queue = new WarmQueue<FakeTarget>()
    const target = new FakeTarget(WARM_STEP_LAYERS * 3)
    queue.targets.push(target)
    await expect(Promise.race([queue.idle(), Promise.resolve('pending')])).resolves.toBeUndefined()
    queue.schedule(0)
    queue.schedule(0)
    queue.schedule(WARM_DELAY_MS)
    expect(target.read).toBe(0)
    const idle = queue.idle()
    await expect(Promise.race([idle, Promise.resolve('pending')])).resolves.toBe('pending')
    await idle
    expect(target.read).toBe(WARM_STEP_LAYERS * 3)
    expect(target.steps).toBe(3)
    // Ended: a new request for a warm-up schedules one again.
    target.read = 0
    queue.schedule(0)
    await queue.idle()
    expect(target.steps).toBe(6)
  })
})
