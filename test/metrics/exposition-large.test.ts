/**
 * pulya's own exposition of a large route table: its byte buffer (64 KB at first) must grow and
 * still render what prom-client renders. The route-table sizes of bench:scrape (hundreds of
 * templates × statuses) are the case; no other test renders past the first buffer.
 */
import { describe, expect, it } from 'vitest'
import { Registry } from 'prom-client'
import { exportMetrics, exposition, type PromClient } from '../../src/core/metrics/prometheus.js'
import { requirePromClient } from '../../src/core/metrics/prom-client.js'
import { RouteRecorder } from '../../src/core/metrics/recorder.js'

const client = requirePromClient() as PromClient
const NO_STATS = { routers: 0, hits: 0, misses: 0, evictions: 0, skipped: 0, verified: 0, mismatches: 0 }

describe('exposition of a large route table', () => {
  it('grows past its first buffer and matches prom-client line for line', async () => {
    const register = new Registry()
    const recorder = new RouteRecorder([0.1, 1])
    exportMetrics(client, register, [0.1, 1], { recorder, shed: 0, stats: () => NO_STATS })
    for (let route = 0; route < 300; route++) {
      for (const status of [200, 404]) recorder.record('GET', `/service-${route}/items/:id`, status, 0.05)
    }
    const ours = await exposition(register)
    expect(Buffer.isBuffer(ours)).toBe(true)
    expect(ours.length).toBeGreaterThan(1 << 16)
    const sorted = (text: string): string[] => text.split('\n').filter((line) => line !== '').map((line) => {
      const match = /^([^{\s]+)\{([^}]*)\} (.*)$/.exec(line)
      return match === null ? line : `${match[1] as string}{${(match[2] as string).split(',').sort().join(',')}} ${match[3] as string}`
    }).sort()
    expect(sorted(ours.toString())).toEqual(sorted(await register.metrics()))
  })
})
