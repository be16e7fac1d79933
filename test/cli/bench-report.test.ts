/** `pulya bench`'s results: summaries, the Markdown report, the baseline and the regression gate. */
import { describe, expect, it } from 'vitest'
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
  type BenchDoc
} from '../../src/cli/bench-report.js'
import { META, reportDoc, sample, summary } from './_bench-fixtures.js'

describe('summariseWorkload', () => {
  it('medians, the paired speed-up with its spread', () => {
    const s = summary('GET /a', 2, 20)
    expect(s.paths).toEqual(['/a'])
    expect(s.speedup).toEqual({ median: 2.1, min: 2, max: 2.2 })
    expect(s.notes).toEqual([])
  })

  it('notes on what to distrust: a busy loader, connection errors, status codes that differ', () => {
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
  })

  it('a side without rounds has no numbers', () => {
    const empty = summariseWorkload({
      workload: { name: 'x', kind: 'mix', template: null, requests: [] },
      vanilla: [],
      pulya: [sample(1, 1, 1, { statusCodes: { 500: 1 } })]
    })
    expect([empty.speedup, empty.vanilla.maxRssMb, empty.vanilla.rps]).toEqual([null, null, null])
    expect(empty.notes).toEqual(['status codes differ: vanilla none; pulya 500 ×1'])
  })
})

describe('speedText', () => {
  it.each([
    [{ median: 2.1, min: 2, max: 2.2 }, '2.10× (2.00–2.20)'],
    [{ median: 1, min: 1, max: 1 }, '1.00×'],
    [null, '–']
  ])('%j → %s', (spread, text) => {
    expect(speedText(spread)).toBe(text)
  })
})

describe('renderMarkdown', () => {
  const doc = reportDoc('GET /users/:id')

  it('the app, options, routes, the check, one row per workload and the gate', () => {
    const md = renderMarkdown(doc)
    expect(md).toContain('# pulya bench: app.js')
    expect(md).toContain('with options `{"cache":{"max":5000}}`')
    expect(md).toContain('`--routes /api/*`')
    expect(md).toContain('14 requests, 13 same, 1 nondeterministic, none differ')
    expect(md).toContain(
      '| mix | 1,000 | 1,890 | 1.89× (1.80–1.98) | 1.00 / 3.00 | 1.00 / 3.00 | 54.0 | 30.0 | 1.80× |'
    )
    expect(md).toContain('- REGRESSION mix: speed-up 3.00× → 1.89× (-37%); tolerance 10%')
  })

  it('without options, routes, check or gate; notes under the table; not pinned said', () => {
    const plain: BenchDoc = {
      ...doc,
      meta: {
        ...META,
        pulyaOptions: null,
        config: { ...META.config, routes: [] },
        check: null,
        notPinned: 'x'
      },
      gate: null
    }
    const md = renderMarkdown(plain)
    expect(md).toContain('skipped (--skip-check)')
    expect(md).not.toContain('with options')
    expect(
      renderMarkdown({ ...plain, workloads: [{ ...summary('mix', 1, 1), notes: ['a note'] }] })
    ).toContain('\n> mix: a note\n')
    expect(methodText({ ...META, notPinned: 'taskset is missing or refused' })).toContain(
      'not pinned (taskset is missing or refused)'
    )
  })

  it('a loader-bound req/s is a lower bound (≥)', () => {
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
  })
})

describe('the regression gate', () => {
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
  })

  it('a wider tolerance passes the same numbers', () => {
    expect(compareBaseline([summary('GET /a', 1.2, 30)], baseline, 0.5, 'old.json').regressions).toEqual([])
  })

  it.each(['{}', 'null', '{"format":"pulya-bench/1"}'])(
    'refuses %s: not a pulya bench --json result',
    (text) => {
      expect(() => parseBaseline(text)).toThrow('not a pulya bench --json file')
    }
  )

  it('refuses what is not JSON', () => {
    expect(() => parseBaseline('{')).toThrow(SyntaxError)
  })
})
