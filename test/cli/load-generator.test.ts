/** One measured window of load with autocannon: the requests it gets, and what it measures. */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  NO_AUTOCANNON,
  ROTATE_ABOVE,
  autocannonRequests,
  importAutocannon,
  percentile,
  runLoad,
  type LoadOrder
} from '../../src/cli/load-generator.js'

describe('runLoad', () => {
  let server: Server
  let url = ''
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.end(req.url)
    })
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => {
    server.close()
  })

  it('runs a real autocannon window against 127.0.0.1 and measures it', async () => {
    const r = await runLoad({ url, duration: 0.2, connections: 2, requests: [{ method: 'GET', path: '/a' }] })
    expect(r.requests).toBeGreaterThan(0)
    expect(r.statusCodes).toEqual({ 200: r.requests })
    expect(r.p50Ms).not.toBeNull()
    expect(r.rps).toBeCloseTo(r.requests / r.durationS, 5)
  })

  const order: LoadOrder = {
    url: 'http://127.0.0.1:1',
    duration: 1,
    connections: 1,
    requests: [{ method: 'GET', path: '/' }]
  }
  /** An autocannon stand-in: starts, answers `responses` requests (latency i % 10 ms), ends with `error`. */
  const fake =
    (error: unknown, responses = 0): Parameters<typeof runLoad>[1] =>
    (_options, done) => {
      const listeners: Record<string, (...a: number[]) => void> = {}
      setImmediate(() => {
        listeners['start']?.()
        for (let i = 0; i < responses; i++) listeners['response']?.(0, 200, 10, i % 10)
        done(error, {
          requests: { total: responses },
          statusCodeStats: { 200: { count: responses } },
          errors: 0,
          timeouts: 0
        })
      })
      return {
        once: (event, fn) => {
          listeners[event] = fn
        },
        on: (event, fn) => {
          listeners[event] = fn
        }
      }
    }

  it("counts every latency (growing its buffer) from autocannon's start", async () => {
    const r = await runLoad(order, fake(null, 70_000))
    expect(r.requests).toBe(70_000)
    expect([r.p50Ms, r.p99Ms]).toEqual([5, 9])
  })

  it.each([
    [new Error('refused'), 'refused'],
    [{ code: 'X' }, '{"code":"X"}']
  ])("passes autocannon's error %j on", async (error, message) => {
    await expect(runLoad(order, fake(error))).rejects.toThrow(message)
  })

  it('says what to install when autocannon is missing', async () => {
    await expect(importAutocannon('pulya-no-such-autocannon')).rejects.toThrow(NO_AUTOCANNON)
  })
})

describe('autocannonRequests', () => {
  it('listed requests keep their headers and bodies', () => {
    expect(
      autocannonRequests({
        requests: [
          { method: 'GET', path: '/a' },
          { method: 'GET', path: '/b', headers: { a: '1' } },
          { method: 'POST', path: '/c', headers: { 'content-type': 'application/json' }, body: '{}' }
        ]
      })
    ).toEqual([
      { method: 'GET', path: '/a' },
      { method: 'GET', path: '/b', headers: { a: '1' } },
      { method: 'POST', path: '/c', headers: { 'content-type': 'application/json' }, body: '{}' }
    ])
  })

  it(`more than ROTATE_ABOVE (${ROTATE_ABOVE}) plain requests of one method: one request rotating through the paths`, () => {
    const many = Array.from({ length: ROTATE_ABOVE + 1 }, (_, i) => ({ method: 'GET', path: `/p${i}` }))
    const [rotated] = autocannonRequests({ requests: many })
    expect([rotated?.setupRequest?.({ path: '' }).path, rotated?.setupRequest?.({ path: '' }).path]).toEqual([
      '/p0',
      '/p1'
    ])
  })

  it.each([
    ['two methods', { method: 'POST', path: '/x' }],
    ['a body', { method: 'GET', path: '/x', body: 'x' }]
  ])('many requests with %s are listed, not rotated', (_what, odd) => {
    const many = Array.from({ length: ROTATE_ABOVE + 1 }, (_, i) => ({ method: 'GET', path: `/p${i}` }))
    expect(autocannonRequests({ requests: [...many, odd] })).toHaveLength(ROTATE_ABOVE + 2)
  })

  it('unique: a fresh path under the prefix for every request', () => {
    const [unique] = autocannonRequests({ unique: '/u/' })
    const a = unique?.setupRequest?.({ path: '' }).path
    expect(a).toMatch(/^\/u\//)
    expect(unique?.setupRequest?.({ path: '' }).path).not.toBe(a)
  })

  it('an order needs requests or unique', () => {
    expect(() => autocannonRequests({})).toThrow('needs requests or unique')
  })
})

describe('percentile', () => {
  it.each([
    [[], 0.5, null],
    [[1, 2, 3, 4], 0.99, 4],
    [[1, 2, 3, 4], 0.5, 3]
  ])('%j at %d → %s', (sorted, p, value) => {
    expect(percentile(sorted, p)).toBe(value)
  })
})
