/**
 * `pulya bench`'s parts, in-process: child processes and IPC, the load generator, the plan,
 * the measurement loop (with stand-in servers and loader), the reports and the regression gate.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IpcPeer } from '../../src/cli/ipc-peer.js'
import { detectPinning, pinnedCommand, spawnPinned } from '../../src/cli/pinning.js'
import {
  NO_AUTOCANNON,
  ROTATE_ABOVE,
  autocannonRequests,
  importAutocannon,
  percentile,
  runLoad,
  type LoadOrder,
  type LoadResult
} from '../../src/cli/load-generator.js'
import { median, spread } from '../../src/cli/median.js'
import { globToRegExp, planBench, spreadPick, UNKNOWN_PATH } from '../../src/cli/bench-plan.js'
import {
  estimateSeconds,
  runBench,
  waitIdle,
  type BenchServer,
  type RunConfig,
  type ServerSample,
  type WindowSample,
  type WorkloadRun
} from '../../src/cli/bench-run.js'
import {
  BENCH_FORMAT,
  compareBaseline,
  gateLines,
  methodText,
  parseBaseline,
  renderMarkdown,
  speedText,
  summariseWorkload,
  tableRows,
  type BenchDoc,
  type BenchMeta,
  type WorkloadSummary
} from '../../src/cli/bench-report.js'
import { renderHtml } from '../../src/cli/bench-html.js'
import { bars, escapeXml, num } from '../../src/cli/chart.js'
import { target } from '../helpers/cli-target.js'

describe('procs', () => {
  it('detects pinning, and falls back cleanly without taskset or a second CPU', () => {
    expect(detectPinning('true', 2)).toEqual({ available: true, reason: null })
    expect(detectPinning('pulya-no-such-taskset', 2)).toEqual({
      available: false,
      reason: 'pulya-no-such-taskset is missing or refused'
    })
    expect(detectPinning('true', 1)).toEqual({ available: false, reason: 'fewer than 2 CPUs' })
    expect(typeof detectPinning().available).toBe('boolean')
    expect(pinnedCommand({ available: true, reason: null }, 1, 'node', ['a.js'])).toEqual([
      'taskset',
      ['-c', '1', 'node', 'a.js']
    ])
    expect(pinnedCommand({ available: false, reason: 'x' }, 1, 'node', ['a.js'])).toEqual(['node', ['a.js']])
  })

  const CHILD = `
    process.on('message', (m) => {
      if (m.type === 'echo') process.send({ type: 'echo', id: m.id, value: m.value })
      if (m.type === 'fatal') process.send({ type: 'fatal', message: 'boom' })
      if (m.type === 'exit') process.exit(3)
    })
    process.on('disconnect', () => process.exit(0))
    process.send({ type: 'stray' }); process.send({ id: 999 }); process.send({ type: 'ready' })`
  const child = (): IpcPeer =>
    new IpcPeer(
      spawnPinned({ available: false, reason: 'test' }, 0, process.execPath, ['-e', CHILD], {
        env: { PULYA_TEST: '1' }
      }),
      'child'
    )

  it('IpcPeer: waits for a message, answers by id, times out, and then fails every call', async () => {
    const peer = child()
    await peer.waitFor('ready', 10_000)
    expect((await peer.request({ type: 'echo', value: 42 }, 10_000)).value).toBe(42)
    await expect(peer.request({ type: 'silent' }, 30)).rejects.toThrow(
      'child: no answer to "silent" within 30 ms'
    )
    await expect(peer.request({ type: 'echo' }, 1000)).rejects.toThrow('no answer to "silent"')
    await expect(peer.waitFor('ready', 1000)).rejects.toThrow('no answer to "silent"')
    peer.stop()
    peer.stop()
  })

  it('IpcPeer: a child that crashes, exits or errors rejects what is pending', async () => {
    const crashing = child()
    await crashing.waitFor('ready', 10_000)
    await expect(crashing.request({ type: 'fatal' }, 10_000)).rejects.toThrow('child crashed: boom')
    crashing.stop()
    const exiting = child()
    await exiting.waitFor('ready', 10_000)
    await expect(exiting.request({ type: 'exit' }, 10_000)).rejects.toThrow(
      'child exited (code 3, signal null)'
    )
    exiting.stop()
    const failing = child()
    const pending = failing.waitFor('never', 10_000)
    failing.child.emit('error', new Error('spawn failed'))
    await expect(pending).rejects.toThrow('spawn failed')
    failing.stop()
    const stopped = child()
    const waiting = stopped.waitFor('never', 60_000)
    stopped.stop()
    await expect(waiting).rejects.toThrow('child stopped')
  })
})

const result = (over: Partial<LoadResult> = {}): LoadResult => ({
  requests: 100,
  durationS: 1,
  rps: 100,
  p50Ms: 1,
  p99Ms: 2,
  statusCodes: { 200: 100 },
  errors: 0,
  timeouts: 0,
  loaderCpu: 0.5,
  ...over
})

describe('load generator', () => {
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

  it('says what to install when autocannon is missing', async () => {
    await expect(importAutocannon('pulya-no-such-autocannon')).rejects.toThrow(NO_AUTOCANNON)
  })

  it('builds autocannon requests: listed, with headers, rotated when many, unique', () => {
    expect(
      autocannonRequests({
        requests: [
          { method: 'GET', path: '/a' },
          { method: 'GET', path: '/b', headers: { a: '1' } }
        ]
      })
    ).toEqual([
      { method: 'GET', path: '/a' },
      { method: 'GET', path: '/b', headers: { a: '1' } }
    ])
    const many = Array.from({ length: ROTATE_ABOVE + 1 }, (_, i) => ({ method: 'GET', path: `/p${i}` }))
    const [rotated] = autocannonRequests({ requests: many })
    expect([rotated?.setupRequest?.({ path: '' }).path, rotated?.setupRequest?.({ path: '' }).path]).toEqual([
      '/p0',
      '/p1'
    ])
    expect(autocannonRequests({ requests: [...many, { method: 'POST', path: '/x' }] })).toHaveLength(
      ROTATE_ABOVE + 2
    )
    const [unique] = autocannonRequests({ unique: '/u/' })
    const a = unique?.setupRequest?.({ path: '' }).path
    expect(a).toMatch(/^\/u\//)
    expect(unique?.setupRequest?.({ path: '' }).path).not.toBe(a)
    expect(() => autocannonRequests({})).toThrow('needs requests or unique')
    expect(percentile([], 0.5)).toBeNull()
    expect(percentile([1, 2, 3, 4], 0.99)).toBe(4)
  })

  it("counts every latency (growing its buffer) from autocannon's start, and passes its errors on", async () => {
    const order: LoadOrder = {
      url: 'http://127.0.0.1:1',
      duration: 1,
      connections: 1,
      requests: [{ method: 'GET', path: '/' }]
    }
    const fake =
      (error: unknown, responses = 0): Parameters<typeof runLoad>[1] =>
      (_options, done) => {
        const listeners: Record<string, (...a: number[]) => void> = {}
        setTimeout(() => {
          listeners['start']?.()
          for (let i = 0; i < responses; i++) listeners['response']?.(0, 200, 10, i % 10)
          done(error, {
            requests: { total: responses },
            statusCodeStats: { 200: { count: responses } },
            errors: 0,
            timeouts: 0
          })
        }, 1)
        return {
          once: (event, fn) => {
            listeners[event] = fn
          },
          on: (event, fn) => {
            listeners[event] = fn
          }
        }
      }
    const r = await runLoad(order, fake(null, 70_000))
    expect(r.requests).toBe(70_000)
    expect([r.p50Ms, r.p99Ms]).toEqual([5, 9])
    await expect(runLoad(order, fake(new Error('refused')))).rejects.toThrow('refused')
    await expect(runLoad(order, fake({ code: 'X' }))).rejects.toThrow('{"code":"X"}')
  })
})

describe('stats', () => {
  it('median and spread ignore what is not a number', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median(['x', null])).toBeNull()
    expect(spread([1.5, 1.2, 'x', 1.3])).toEqual({ median: 1.3, min: 1.2, max: 1.5 })
    expect(spread([])).toBeNull()
  })
})

describe('bench plan', () => {
  const targets = ['/a', '/b/:id', '/c', '/d', '/e'].map((template) =>
    target(template, template.replace(':id', '1'))
  )

  it('globs and spread picks', () => {
    expect(globToRegExp('/api/*').test('/api/users/:id')).toBe(true)
    expect(globToRegExp('/a.b').test('/axb')).toBe(false)
    expect(spreadPick([1, 2, 3, 4, 5], 3)).toEqual([1, 3, 5])
    expect(spreadPick([1, 2], 5)).toEqual([1, 2])
    expect(spreadPick([1, 2, 3], 0)).toEqual([])
    expect(spreadPick([1, 2, 3], 1)).toEqual([1])
  })

  it('a mix of every route, the top routes one by one, and a 404', () => {
    const { workloads, templates } = planBench(
      [...targets, target('/b/:id', '/b/2', { headers: { accept: 'text/html' } })],
      { routes: [], top: 2 }
    )
    expect(templates).toEqual(['GET /a', 'GET /b/:id', 'GET /c', 'GET /d', 'GET /e'])
    expect(workloads.map((w) => w.name)).toEqual(['mix', 'GET /a', 'GET /e', '404'])
    expect(workloads[0]?.requests).toContainEqual({
      method: 'GET',
      path: '/b/2',
      headers: { accept: 'text/html' }
    })
    expect(workloads[3]?.requests).toEqual([{ method: 'GET', path: UNKNOWN_PATH }])
  })

  it('one route only: the mix is its workload', () => {
    expect(planBench([target('/', '/')], { routes: [], top: 8 }).workloads.map((w) => w.name)).toEqual([
      'mix',
      '404'
    ])
  })

  it('--routes narrows (and drops the 404); nothing left is an error', () => {
    const { workloads } = planBench(targets, { routes: ['/b*', '/c'], top: 8 })
    expect(workloads.map((w) => w.name)).toEqual(['mix', 'GET /b/:id', 'GET /c'])
    expect(() => planBench(targets, { routes: ['/zzz'], top: 8 })).toThrow('no route matches --routes /zzz')
    expect(() => planBench([], { routes: [], top: 8 })).toThrow('the app has no route')
  })
})

/** Stand-in servers whose CPU grows by `costUs` per request the stand-in loader sends them. */
function fakes(costs: Record<string, number>): {
  servers: Record<'vanilla' | 'pulya', BenchServer>
  loader: { run(order: LoadOrder): Promise<LoadResult> }
  log: string[]
} {
  const cpu: Record<string, number> = {}
  const log: string[] = []
  const server = (name: string): BenchServer => ({
    url: name,
    sample: () => Promise.resolve({ cpu: { user: cpu[name] ?? 0, system: 0 }, rss: 2 ** 20 * 50 })
  })
  return {
    servers: { vanilla: server('vanilla'), pulya: server('pulya') },
    loader: {
      run: (order) => {
        log.push(`${order.url} ${order.duration}`)
        const requests = Math.round(order.duration * 1000)
        cpu[order.url] = (cpu[order.url] ?? 0) + requests * (costs[order.url] as number)
        return Promise.resolve(
          result({ requests, rps: 1e6 / (costs[order.url] as number), durationS: order.duration })
        )
      }
    },
    log
  }
}

const CONFIG: RunConfig = { durationS: 1, rounds: 2, connections: 10, warmupS: 0.5, rewarmS: 0.1 }

describe('bench loop', () => {
  it('warms each server once, then interleaves rounds, alternating the order, charging each window its CPU', async () => {
    const { servers, loader, log } = fakes({ vanilla: 50, pulya: 20 })
    const { workloads } = planBench([target('/a', '/a'), target('/b', '/b')], { routes: [], top: 1 })
    const progress: string[] = []
    const runs = await runBench(workloads, servers, loader, CONFIG, (done, total, label) =>
      progress.push(`${done}/${total} ${label}`)
    )
    expect(log.slice(0, 6)).toEqual([
      'vanilla 0.5',
      'pulya 0.5',
      'vanilla 0.1',
      'vanilla 1',
      'pulya 0.1',
      'pulya 1'
    ])
    expect(log.slice(6, 10)).toEqual(['pulya 0.1', 'pulya 1', 'vanilla 0.1', 'vanilla 1'])
    expect(progress[0]).toBe('0/12 mix · round 1/2 · vanilla')
    expect(progress[3]).toBe('3/12 mix · round 2/2 · vanilla')
    expect(progress.at(-1)).toBe('12/12 done')
    expect(runs.map((r) => r.vanilla.map((s) => Math.round(s.cpuUsPerReq)))).toEqual([
      [50, 50],
      [50, 50],
      [50, 50]
    ])
    const summary = summariseWorkload(runs[0] as WorkloadRun)
    expect(summary.cpuSpeedup?.median).toBeCloseTo(2.5, 10)
    expect(summary.speedup?.median).toBeCloseTo(2.5, 10)
    expect(summary.vanilla.maxRssMb).toBe(50)
  })

  it('without warm-up or re-warm; a window without requests has no CPU per request', async () => {
    const { servers, log } = fakes({ vanilla: 1, pulya: 1 })
    const loader = {
      run: (order: LoadOrder) => {
        log.push(order.url)
        return Promise.resolve(result({ requests: 0 }))
      }
    }
    const runs = await runBench(
      [{ name: 'x', kind: 'mix', template: null, requests: [{ method: 'GET', path: '/' }] }],
      servers,
      loader,
      { ...CONFIG, rounds: 1, warmupS: 0, rewarmS: 0 }
    )
    expect(log).toEqual(['vanilla', 'pulya'])
    expect(runs[0]?.pulya[0]?.cpuUsPerReq).toBeNaN()
    expect(await runBench([], servers, loader, CONFIG)).toEqual([])
    expect(estimateSeconds(10, { ...CONFIG, rounds: 3 })).toBeCloseTo(1 + 10 * 3 * 2 * 1.4, 10)
  })

  it('waitIdle waits for a busy server to settle, at most maxMs', async () => {
    let reads = 0
    const settling = {
      sample: (): Promise<ServerSample> =>
        Promise.resolve({ cpu: { user: Math.min(++reads, 3) * 1e6, system: 0 }, rss: 0 })
    }
    await waitIdle([settling], { stepMs: 1, share: 0.5, maxMs: 5_000 })
    expect(reads).toBe(4)
    let busy = 0
    const burning = {
      sample: (): Promise<ServerSample> => Promise.resolve({ cpu: { user: ++busy * 1e6, system: 0 }, rss: 0 })
    }
    expect(await waitIdle([burning], { stepMs: 5, share: 0.5, maxMs: 30 })).toBeGreaterThanOrEqual(30)
  })
})

const sample = (
  round: number,
  rps: number,
  cpuUsPerReq: number,
  over: Partial<WindowSample> = {}
): WindowSample => ({
  round,
  rps,
  requests: 1000,
  durationS: 1,
  p50Ms: 1,
  p99Ms: 3,
  cpuUsPerReq,
  rssMb: 40,
  loaderCpu: 0.5,
  statusCodes: { 200: 1000 },
  errors: 0,
  timeouts: 0,
  ...over
})

function summary(name: string, speedup: number, pulyaCpu: number): WorkloadSummary {
  return summariseWorkload({
    workload: {
      name,
      kind: name === 'mix' ? 'mix' : 'route',
      template: name === 'mix' ? null : name.slice(4),
      requests: [
        { method: 'GET', path: '/a' },
        { method: 'GET', path: '/a' }
      ]
    },
    vanilla: [sample(1, 1000, pulyaCpu * speedup), sample(2, 1000, pulyaCpu * speedup)],
    pulya: [sample(1, 1000 * speedup, pulyaCpu), sample(2, 1000 * speedup * 1.1, pulyaCpu)]
  })
}

const META: BenchMeta = {
  startedAt: '2026-12-04T06:00:00.000Z',
  elapsedS: 95,
  app: 'app.js',
  exportName: null,
  node: 'v20.20.2',
  platform: 'linux-x64',
  cpuModel: 'CPU',
  cpus: 2,
  notPinned: null,
  pulyaVersion: '0.1.0',
  pulyaOptions: { cache: { max: 5000 } },
  config: { ...CONFIG, top: 8, routes: ['/api/*'] },
  routes: 12,
  mixRoutes: 12,
  check: { requests: 14, same: 13, nondeterministic: 1 }
}

describe('bench report', () => {
  it('summarises: medians, the paired speed-up with its spread, and notes on what to distrust', () => {
    const s = summary('GET /a', 2, 20)
    expect(s.paths).toEqual(['/a'])
    expect(s.speedup).toEqual({ median: 2.1, min: 2, max: 2.2 })
    expect(speedText(s.speedup)).toBe('2.10× (2.00–2.20)')
    expect(speedText({ median: 1, min: 1, max: 1 })).toBe('1.00×')
    expect(speedText(null)).toBe('–')
    expect(s.notes).toEqual([])
    const noisy = summariseWorkload({
      workload: { name: 'mix', kind: 'mix', template: null, requests: [] },
      vanilla: [sample(1, 100, 10, { loaderCpu: 0.95, errors: 2, timeouts: 1 })],
      pulya: [sample(1, 100, 10, { statusCodes: { 200: 5, 500: 1 }, loaderCpu: 0.92 }), sample(3, 100, 10)]
    })
    expect(noisy.notes).toEqual([
      'the load generator was above 90% CPU (vanilla, pulya): req/s is a lower bound, CPU per request is the better measure',
      'vanilla: 2 connection errors, 1 timeouts',
      'status codes differ: vanilla 200 ×1000; pulya 200 ×1005, 500 ×1'
    ])
    const empty = summariseWorkload({
      workload: { name: 'x', kind: 'mix', template: null, requests: [] },
      vanilla: [],
      pulya: [sample(1, 1, 1, { statusCodes: { 500: 1 } })]
    })
    expect([empty.speedup, empty.vanilla.maxRssMb, empty.vanilla.rps]).toEqual([null, null, null])
    expect(empty.notes).toEqual(['status codes differ: vanilla none; pulya 500 ×1'])
  })

  it('renders Markdown and a self-contained HTML report with SVG charts', () => {
    const workloads = [
      summary('mix', 1.8, 30),
      summary('GET /users/:id/a-very-long-template/with/many/segments', 0.9, 40)
    ]
    const doc: BenchDoc = {
      format: BENCH_FORMAT,
      meta: META,
      workloads,
      gate: compareBaseline(
        workloads,
        [{ name: 'mix', speedup: { median: 3 }, pulya: { cpuUsPerReq: 30 } }],
        0.1,
        'old.json'
      )
    }
    const md = renderMarkdown(doc)
    expect(md).toContain('# pulya bench: app.js')
    expect(md).toContain('with options `{"cache":{"max":5000}}`')
    expect(md).toContain('`--routes /api/*`')
    expect(md).toContain('14 requests, 13 same, 1 nondeterministic, none differ')
    expect(md).toContain(
      '| mix | 1,000 | 1,890 | 1.89× (1.80–1.98) | 1.00 / 3.00 | 1.00 / 3.00 | 54.0 | 30.0 | 1.80× |'
    )
    expect(md).toContain('- REGRESSION mix: speed-up 3.00× → 1.89× (-37%); tolerance 10%')
    const bound = summary('mix', 1, 1)
    expect(
      tableRows([
        {
          ...bound,
          vanilla: { ...bound.vanilla, loaderBound: true },
          pulya: { ...bound.pulya, loaderBound: true }
        }
      ])[0]?.slice(1, 3)
    ).toEqual(['≥1,000', '≥1,050'])
    const html = renderHtml(doc)
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).not.toMatch(/<script|<link|src=/)
    expect(html.match(/<svg /g)).toHaveLength(3)
    expect(html).toContain('GET /users/:id/a-very-long-template/w…')
    expect(html).toContain('#c0392b')
    expect(html).toContain('<li class="bad">REGRESSION mix')
    const plain = {
      ...doc,
      meta: {
        ...META,
        pulyaOptions: null,
        config: { ...META.config, routes: [] },
        check: null,
        notPinned: 'taskset is missing or refused'
      },
      gate: null
    }
    const plainMd = renderMarkdown(plain)
    expect(plainMd).toContain('skipped (--no-check)')
    expect(plainMd).not.toContain('with options')
    expect(
      renderMarkdown({ ...plain, workloads: [{ ...summary('mix', 1, 1), notes: ['a note'] }] })
    ).toContain('\n> mix: a note\n')
    expect(methodText(plain.meta)).toContain('not pinned (taskset is missing or refused)')
    const plainHtml = renderHtml({
      ...plain,
      workloads: [{ ...summary('mix', 1, 1), speedup: null, notes: ['<b>'] }]
    })
    expect(plainHtml).toContain('Check before the run: skipped')
    expect(plainHtml).toContain('&lt;b&gt;')
  })
})

describe('regression gate', () => {
  const baseline = parseBaseline(
    JSON.stringify({
      format: BENCH_FORMAT,
      workloads: [
        summary('mix', 2, 20),
        summary('GET /a', 2, 20),
        summary('GET /gone', 2, 20),
        { name: 'GET /n', speedup: null, pulya: { cpuUsPerReq: null } }
      ]
    })
  )

  it('passes within the tolerance', () => {
    const gate = compareBaseline(
      [
        summary('mix', 1.85, 21.5),
        summary('GET /a', 2.5, 10),
        summary('GET /new', 1, 1),
        summary('GET /n', 1, 1)
      ],
      baseline,
      0.1,
      'old.json'
    )
    expect(gate.regressions).toEqual([])
    expect(gate.compared).toBe(3)
    expect(gateLines(gate)).toEqual([
      'not measured this time (baseline has them): GET /gone',
      'no regression against old.json: 3 workloads compared, tolerance 10%'
    ])
  })

  it('fails with one line per regressed route: the speed-up, the absolute pulya CPU per request, or both', () => {
    const gate = compareBaseline(
      [summary('mix', 1.5, 20), summary('GET /a', 1.2, 30), summary('GET /gone', 2.1, 25)],
      baseline,
      0.1,
      'old.json'
    )
    expect(gate.regressions).toEqual([
      'mix: speed-up 2.10× → 1.58× (-25%); tolerance 10%',
      'GET /a: speed-up 2.10× → 1.26× (-40%); pulya CPU 20.0 → 30.0 µs/req (+50%); tolerance 10%',
      'GET /gone: pulya CPU 20.0 → 25.0 µs/req (+25%); tolerance 10%'
    ])
    expect(gateLines(gate).at(-1)).toBe('3 regressed against old.json: 3 workloads compared, tolerance 10%')
    expect(compareBaseline([summary('GET /a', 1.2, 30)], baseline, 0.5, 'old.json').regressions).toEqual([])
  })

  it('rejects a file that is not a pulya bench --json result', () => {
    for (const text of ['{}', 'null', '{"format":"pulya-bench/1"}'])
      expect(() => parseBaseline(text)).toThrow('not a pulya bench --json file')
    expect(() => parseBaseline('{')).toThrow(SyntaxError)
  })
})

describe('chart', () => {
  it('formats, escapes and draws bars with whiskers and a reference line', () => {
    expect([num(null), num(Number.NaN), num(1234.5, 1)]).toEqual(['–', '–', '1,234.5'])
    expect(escapeXml('<a href="x">\'&')).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;')
    const svg = bars(
      [
        { value: 2, color: '#000', text: '2×', whisker: { min: 1.5, max: 4 } },
        { value: null, color: '#000', text: '–' }
      ],
      { x: 0, top: 0, width: 100, rowHeight: 20, reference: 1 }
    )
    expect(svg).toContain('width="50.0"')
    expect(svg).toContain('M37.5 9.5H100.0')
    expect(svg).toContain('<line x1="25.0"')
    expect(svg).toContain('width="0.0"')
  })
})
