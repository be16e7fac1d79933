/**
 * The monitor: admission under pressure, the finish record, and its choice of registry.
 */
import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { Registry } from 'prom-client'
import { invalidOption } from '../../../src/core/options.js'
import { resolveMetrics } from '../../../src/core/metrics/options.js'
import {
  createMonitor,
  metricsSnapshot,
  Monitor,
  type MonitoredResponse
} from '../../../src/core/metrics/monitor.js'
import { client, missing, NO_STATS } from './_shared.js'

describe('the monitor', () => {
  const host = { routeOf: () => undefined, stats: () => NO_STATS }

  it('is not made when metrics and underPressure are off; metrics() then has the counters only', () => {
    expect(createMonitor(false, false, host)).toBeNull()
    expect(metricsSnapshot(null, () => NO_STATS)).toEqual({
      routes: {},
      active: 0,
      shed: 0,
      cache: NO_STATS,
      process: null
    })
  })

  it("with metrics: true joins prom-client's global registry when prom-client is installed, and keeps to JSON when it is not", async () => {
    const defaults = resolveMetrics(true, invalidOption) as Exclude<ReturnType<typeof resolveMetrics>, false>
    expect(new Monitor(defaults, false, host, missing).register).toBeNull()
    const monitor = createMonitor(defaults, false, host)
    expect(monitor?.register).toBe(client.register)
    expect(await client.register.metrics()).toContain('# TYPE http_server_request_duration_seconds histogram')
    expect(() => createMonitor({ ...defaults, register: new Registry() }, false, host, missing)).toThrow(
      /npm install prom-client/
    )
  })

  it("lets a hand-made response without its request through uncounted (a test's mock), and counts a real one", () => {
    const monitor = new Monitor(
      {
        ...(resolveMetrics(true, invalidOption) as Exclude<ReturnType<typeof resolveMetrics>, false>),
        register: false
      },
      false,
      host
    )
    const response = (req: object | undefined): EventEmitter & MonitoredResponse =>
      Object.assign(new EventEmitter(), {
        req,
        statusCode: 200,
        headersSent: true,
        writeHead: () => undefined,
        end: () => undefined
      }) as unknown as EventEmitter & MonitoredResponse
    const mock = response(undefined)
    expect(monitor.admit(mock, undefined)).toBe(true)
    expect(mock.listenerCount('close')).toBe(0)
    const real = response({ method: 'POST' })
    expect(monitor.admit(real, undefined)).toBe(true)
    expect(monitor.recorder?.active).toBe(1)
    real.emit('close')
    expect(monitor.recorder?.active).toBe(0)
    expect(monitor.snapshot().routes).toMatchObject({ __unknown__: { count: 1, statuses: { 200: 1 } } })
  })
})
