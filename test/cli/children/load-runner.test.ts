/** The load generator process: ready at once, each `run` order answered with its result or error. */
import { describe, expect, it } from 'vitest'
import { runLoadRunner } from '../../../src/cli/children/load-runner.js'
import type { LoadOrder } from '../../../src/cli/load-generator.js'
import { result } from '../_bench-fixtures.js'
import { testChannel } from '../_channel.js'

const order: LoadOrder = { url: 'http://127.0.0.1:1', duration: 1, connections: 1, requests: [] }

describe('runLoadRunner', () => {
  it('says it is ready; answers a run order with its result, by id', async () => {
    const channel = testChannel()
    const orders: LoadOrder[] = []
    runLoadRunner(channel, (o) => {
      orders.push(o)
      return Promise.resolve(result({ requests: 7 }))
    })
    expect(channel.sent).toEqual([{ type: 'ready' }])
    channel.deliver({ type: 'run', id: 3, ...order })
    expect(await channel.next('result')).toEqual({ type: 'result', id: 3, result: result({ requests: 7 }) })
    expect(orders[0]?.url).toBe(order.url)
  })

  it("answers a failed window with its error's first line", async () => {
    const channel = testChannel()
    runLoadRunner(channel, () => Promise.reject(new Error('refused\nstack')))
    channel.deliver({ type: 'run', id: 4, ...order })
    expect(await channel.next('result')).toEqual({ type: 'result', id: 4, error: 'refused' })
  })

  it('ignores messages that are not run orders', () => {
    const channel = testChannel()
    let runs = 0
    runLoadRunner(channel, () => {
      runs++
      return Promise.resolve(result())
    })
    channel.deliver({ type: 'sample', id: 1 })
    expect([runs, channel.sent]).toEqual([0, [{ type: 'ready' }]])
  })
})
