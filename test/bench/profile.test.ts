/**
 * bench:profile's sums: where a sampled function lives, self time per package inside the measured
 * window only, and the side-by-side rows the NOTES tables are made of.
 */
import { describe, expect, it } from 'vitest'
import {
  IDLE,
  compareRows,
  packageOf,
  samplesByPackage,
  sampleTimes,
  topRows,
  type CpuProfile
} from '../../bench/lib/profile.mjs'

const ROOT = 'file:///repo/'

describe('packageOf', () => {
  it.each([
    ['file:///repo/node_modules/router/index.js', 'next', 'router'],
    ['file:///repo/node_modules/express4/node_modules/path-to-regexp/index.js', 'match', 'path-to-regexp'],
    ['file:///repo/node_modules/@koa/router/dist/index.js', 'match', '@koa/router'],
    ['node:_http_outgoing', 'setHeader', 'node:_http_outgoing'],
    ['node:internal/streams/writable', 'write', 'node:internal/streams'],
    ['node:internal/timers', 'listOnTimeout', 'node:internal/timers'],
    ['file:///repo/dist/esm/express/response-fast-path.js', 'json', 'pulya: responses'],
    ['file:///repo/dist/esm/koa/responses/respond-mirror.js', 'respond', 'pulya: responses'],
    ['file:///repo/dist/esm/core/body-memo.js', 'etagOf', 'pulya: responses'],
    ['file:///repo/dist/esm/core/metrics/monitor.js', 'onClose', 'pulya: metrics'],
    ['file:///repo/dist/esm/express/router-accelerator.js', 'handle', 'pulya: dispatch'],
    ['file:///repo/bench/http/realistic/store.mjs', 'page', 'app'],
    ['file:///elsewhere/lib.js', 'f', 'other'],
    ['', '(garbage collector)', '(garbage collector)'],
    ['', '(program)', '(program)'],
    ['', '(idle)', IDLE],
    ['', 'writev', 'native']
  ])('%s %s → %s', (url, functionName, expected) => {
    expect(packageOf(url, functionName, ROOT)).toBe(expected)
  })
})

// Nodes: 1 root, 2 router's next, 3 idle, 4 app, 5 GC. Samples at 1010, 1020, …
const profile: CpuProfile = {
  startTime: 1000,
  nodes: [
    { id: 1, callFrame: { url: '', functionName: '(root)' } },
    {
      id: 2,
      callFrame: { url: 'file:///repo/node_modules/router/index.js', functionName: 'next', lineNumber: 188 }
    },
    { id: 3, callFrame: { url: '', functionName: '(idle)' } },
    { id: 4, callFrame: { url: 'file:///repo/bench/http/realistic/store.mjs', functionName: '' } },
    { id: 5, callFrame: { url: '', functionName: '(garbage collector)' } }
  ],
  samples: [2, 2, 3, 4, 2, 5, 3, 2],
  timeDeltas: [10, 10, 10, 10, 10, 10, 10, 10]
}

describe('samplesByPackage', () => {
  it('puts each sample at the sum of the deltas before it', () => {
    expect(sampleTimes(profile)).toEqual([1010, 1020, 1030, 1040, 1050, 1060, 1070, 1080])
  })

  it('counts self samples per package and function, idle apart', () => {
    const sums = samplesByPackage(profile, ROOT)
    expect(Object.fromEntries(sums.packages)).toEqual({ router: 4, app: 1, '(garbage collector)': 1 })
    expect(sums.functions.get('router\tnext (index.js:189)')).toBe(4)
    expect(sums.functions.get('app\t(anonymous) (store.mjs:0)')).toBe(1)
    expect([sums.samples, sums.idle, sums.spanUs]).toEqual([6, 2, 70])
  })

  it('counts only the samples inside the window', () => {
    const sums = samplesByPackage(profile, ROOT, { fromUs: 1030, toUs: 1060 })
    expect(Object.fromEntries(sums.packages)).toEqual({ router: 1, app: 1, '(garbage collector)': 1 })
    expect([sums.samples, sums.idle, sums.spanUs]).toEqual([3, 1, 30])
  })

  it('gives an empty window no span', () => {
    expect(samplesByPackage(profile, ROOT, { fromUs: 5000 }).spanUs).toBe(0)
  })
})

describe('compareRows and topRows', () => {
  const vanilla = {
    packages: new Map([
      ['router', 6],
      ['express', 3],
      ['zlib', 1]
    ]),
    samples: 10
  }
  const pulya = {
    packages: new Map([
      ['router', 2],
      ['pulya: dispatch', 2]
    ]),
    samples: 8
  }
  const rows = compareRows([vanilla, pulya])

  it('lists every package of either side by its largest share, each side over its own samples', () => {
    expect(rows.map((r) => r.name)).toEqual(['router', 'express', 'pulya: dispatch', 'zlib'])
    expect(rows[2]?.cells).toEqual([
      { samples: 0, share: 0 },
      { samples: 2, share: 0.25 }
    ])
  })

  it('orders equal shares by name', () => {
    const even = compareRows([
      {
        packages: new Map([
          ['b', 1],
          ['a', 1]
        ]),
        samples: 2
      }
    ])
    expect(even.map((r) => r.name)).toEqual(['a', 'b'])
  })

  it('sums what is past the limit into one row', () => {
    const { shown, rest } = topRows(rows, 2)
    expect(shown.map((r) => r.name)).toEqual(['router', 'express'])
    expect(rest).toEqual({
      name: '2 more',
      cells: [
        { samples: 1, share: 0.1 },
        { samples: 2, share: 0.25 }
      ]
    })
    expect(topRows(rows, 4).rest).toBeNull()
  })

  it('gives a side without samples shares of 0', () => {
    expect(compareRows([{ packages: new Map([['x', 0]]), samples: 0 }])[0]?.cells[0]?.share).toBe(0)
  })
})
