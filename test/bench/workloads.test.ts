/**
 * The realistic mix: its weights are the shares the loader sends, spread so that any stretch of
 * the list carries the mix, and the workload built from it lists every row once as a check.
 */
import { describe, expect, it } from 'vitest'
import { REALISTIC_MIX, expectedStatuses, getWorkload, weightedOrder } from '../../bench/http/workloads.mjs'

describe('weightedOrder', () => {
  const entries = [
    { name: 'a', weight: 5 },
    { name: 'b', weight: 3 },
    { name: 'c', weight: 2 }
  ]
  const order = weightedOrder(entries).map((e) => e.name)

  it('lists each entry as often as its weight', () => {
    expect(order.filter((n) => n === 'a')).toHaveLength(5)
    expect(order.filter((n) => n === 'b')).toHaveLength(3)
    expect(order.filter((n) => n === 'c')).toHaveLength(2)
  })

  it('spreads them out instead of listing them in runs', () => {
    expect(order.join('')).toBe('abcaabacba')
  })

  it('gives any stretch of the realistic list about each row its share', () => {
    const list = weightedOrder(REALISTIC_MIX)
    const half = list.slice(0, list.length / 2)
    for (const row of REALISTIC_MIX) {
      const count = half.filter((r) => r === row).length
      expect(Math.abs(count - row.weight / 2), row.name).toBeLessThanOrEqual(1)
    }
  })
})

describe('the realistic workload', () => {
  const workload = getWorkload('realistic')

  it('has weights that are shares of 100', () => {
    expect(REALISTIC_MIX.reduce((sum, row) => sum + row.weight, 0)).toBe(100)
  })

  it('sends every row as often as its weight, with its own method, headers and body', () => {
    expect(workload.requests).toHaveLength(100)
    const sent = workload.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/orders')
    expect(sent).toHaveLength(5)
    expect(sent[0]?.headers?.['content-type']).toBe('application/json')
    expect(JSON.parse(sent[0]?.body ?? '')).toHaveProperty('lines')
  })

  it('checks every row once', () => {
    expect(workload.checks.map((c) => `${c.method} ${c.path}`)).toEqual(
      REALISTIC_MIX.map((r) => `${r.method} ${r.path}`)
    )
  })

  it('covers reads, writes, preflights, 401s and 404s', () => {
    expect(expectedStatuses(workload).sort()).toEqual([200, 201, 204, 401, 404])
    expect(new Set(REALISTIC_MIX.map((r) => r.method))).toEqual(
      new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])
    )
  })

  it('asks for compressed lists the way browsers do', () => {
    const compressed = REALISTIC_MIX.filter((r) => r.headers?.['content-encoding'] === 'br')
    expect(compressed.length).toBeGreaterThanOrEqual(4)
    for (const row of compressed) expect(row.send?.headers?.['accept-encoding']).toBe('gzip, deflate, br')
  })

  it('runs on the Node lines of engines with its own rounds and connections', () => {
    expect(workload.load).toEqual({
      rounds: 4,
      warmupS: 2,
      durationS: 1.5,
      connections: 10,
      nodes: 'engines'
    })
  })
})
