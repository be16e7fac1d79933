/**
 * `pulya bench`'s results: per workload medians and speed-ups (with their spread across
 * rounds), the JSON document (`--json`, a later run's `--baseline`), the Markdown report and
 * the regression gate. Pure: tested in-process.
 */
import type { BenchWorkload } from './bench-plan.js'
import type { RunConfig, WindowSample, WorkloadRun } from './bench-run.js'
import { num } from './chart.js'
import { SERVER_TABLE_HEADER, SERVER_TITLE, checkText, serverIntro, servingLines } from './bench-serving.js'
import { median, spread, type Spread } from './median.js'

/** One server's numbers for one workload: medians over rounds. */
export interface SideSummary {
  rps: number | null
  p50Ms: number | null
  p99Ms: number | null
  cpuUsPerReq: number | null
  maxRssMb: number | null
  /** The loader used more than 90% of its CPU in some round: req/s is only a lower bound. */
  loaderBound: boolean
  statusCodes: Record<string, number>
  errors: number
  timeouts: number
  rounds: WindowSample[]
}

/** One workload's result. */
export interface WorkloadSummary {
  name: string
  kind: BenchWorkload['kind']
  template: string | null
  /** The distinct paths requested (at most 5 kept). */
  paths: string[]
  vanilla: SideSummary
  pulya: SideSummary
  /** pulya req/s ÷ vanilla req/s, round by round (each pair neighbours in time). */
  speedup: Spread | null
  /** vanilla CPU/request ÷ pulya CPU/request, round by round: above 1 pulya costs less. */
  cpuSpeedup: Spread | null
  /** pulya under its own server (`createServer`), when it was measured (handler mode), else null. */
  pulyaServer: SideSummary | null
  /** Its req/s ÷ vanilla req/s, round by round. */
  serverSpeedup: Spread | null
  /** vanilla CPU/request ÷ its CPU/request, round by round. */
  serverCpuSpeedup: Spread | null
  notes: string[]
}

/** How the app was served in the run, and what that means for pulya. */
export interface BenchServing {
  mode: 'listen' | 'handler'
  source: 'option' | 'module' | 'default'
  /** `http.createServer(app) (handler mode): the module exports the app without serving it`. */
  text: string
  /** What the serving means for pulya's server classes, one sentence. */
  note: string
  /** The one line that gives the app pulya's own server, when it was measured: from, to. */
  pulyaServerCode: { from: string; to: string } | null
}

/** What the run was, recorded with the numbers. */
export interface BenchMeta {
  startedAt: string
  elapsedS: number
  app: string
  exportName: string | null
  node: string
  platform: string
  cpuModel: string
  cpus: number
  /** null when the processes were pinned; else why not. */
  notPinned: string | null
  pulyaVersion: string
  pulyaOptions: Record<string, unknown> | null
  config: RunConfig & { top: number; routes: string[] }
  /** GET routes discovered, and how many the mix covers. */
  routes: number
  mixRoutes: number
  /** How the app was served (absent in results.json files from before 0.2). */
  serving?: BenchServing
  /** check's tally before the run, or null with --skip-check. */
  check: {
    requests: number
    same: number
    nondeterministic: number
    /** `statuses: 2xx 40, 3xx 0, 4xx 2 (404 ×2), 5xx 0` (absent before 0.2). */
    statuses?: string
    /** Answers that never reached a handler (absent before 0.2). */
    warnings?: string[]
  } | null
}

/** The JSON document. */
export interface BenchDoc {
  format: typeof BENCH_FORMAT
  meta: BenchMeta
  workloads: WorkloadSummary[]
  gate: GateResult | null
}

export const BENCH_FORMAT = 'pulya-bench/1'

function sumCodes(rounds: readonly WindowSample[]): Record<string, number> {
  const codes: Record<string, number> = {}
  for (const r of rounds)
    for (const [code, n] of Object.entries(r.statusCodes)) codes[code] = (codes[code] ?? 0) + n
  return codes
}

function summariseSide(rounds: WindowSample[]): SideSummary {
  const of = (field: 'rps' | 'p50Ms' | 'p99Ms' | 'cpuUsPerReq'): number | null =>
    median(rounds.map((r) => r[field]))
  return {
    rps: of('rps'),
    p50Ms: of('p50Ms'),
    p99Ms: of('p99Ms'),
    cpuUsPerReq: of('cpuUsPerReq'),
    maxRssMb: rounds.length === 0 ? null : Math.max(...rounds.map((r) => r.rssMb)),
    loaderBound: rounds.some((r) => r.loaderCpu > 0.9),
    statusCodes: sumCodes(rounds),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    timeouts: rounds.reduce((n, r) => n + r.timeouts, 0),
    rounds
  }
}

function codesText(codes: Record<string, number>): string {
  return (
    Object.entries(codes)
      .map(([code, n]) => `${code} ×${n}`)
      .join(', ') || 'none'
  )
}

/** Each round of `other` against the same round of vanilla: neighbours in time. */
function pairs(
  vanilla: readonly WindowSample[],
  other: readonly WindowSample[]
): Array<readonly [WindowSample, WindowSample]> {
  return other
    .map((o) => [o, vanilla.find((v) => v.round === o.round)] as const)
    .filter((pair): pair is readonly [WindowSample, WindowSample] => pair[1] !== undefined)
}

/** Medians, paired speed-ups and what to be careful about, for one workload. */
export function summariseWorkload(run: WorkloadRun): WorkloadSummary {
  const vanilla = summariseSide(run.vanilla)
  const pulya = summariseSide(run.pulya)
  const pulyaServer = run.pulyaServer === undefined ? null : summariseSide(run.pulyaServer)
  const sides = [
    ['vanilla', vanilla],
    ['pulya', pulya],
    ...(pulyaServer === null ? [] : [['pulya + createServer', pulyaServer] as const])
  ] as const
  const notes: string[] = []
  const bound = sides.filter(([, s]) => s.loaderBound).map(([side]) => side)
  if (bound.length > 0)
    notes.push(
      `the load generator was above 90% CPU (${bound.join(', ')}): req/s is a lower bound, CPU per request is the better measure`
    )
  for (const [side, s] of sides) {
    if (s.errors > 0 || s.timeouts > 0)
      notes.push(`${side}: ${s.errors} connection errors, ${s.timeouts} timeouts`)
  }
  const codes = (s: SideSummary): string => Object.keys(s.statusCodes).sort().join(',')
  if (sides.some(([, s]) => codes(s) !== codes(vanilla)))
    notes.push(
      `status codes differ: ${sides.map(([side, s]) => `${side} ${codesText(s.statusCodes)}`).join('; ')}`
    )
  // Each round of pulya against the same round of vanilla: a burst of other load slows both
  // sides of a pair alike.
  const ratio = (other: readonly WindowSample[]): { speedup: Spread | null; cpu: Spread | null } => {
    const paired = pairs(run.vanilla, other)
    return {
      speedup: spread(paired.map(([o, v]) => o.rps / v.rps)),
      cpu: spread(paired.map(([o, v]) => v.cpuUsPerReq / o.cpuUsPerReq))
    }
  }
  const own = ratio(run.pulya)
  const server = run.pulyaServer === undefined ? null : ratio(run.pulyaServer)
  return {
    name: run.workload.name,
    kind: run.workload.kind,
    template: run.workload.template,
    paths: [...new Set(run.workload.requests.map((r) => r.path))].slice(0, 5),
    vanilla,
    pulya,
    speedup: own.speedup,
    cpuSpeedup: own.cpu,
    pulyaServer,
    serverSpeedup: server?.speedup ?? null,
    serverCpuSpeedup: server?.cpu ?? null,
    notes
  }
}

/** `2.31× (2.10–2.52)`: a speed-up with its spread across rounds. */
export function speedText(s: Spread | null): string {
  if (s === null) return '–'
  return s.min === s.max ? `${num(s.median, 2)}×` : `${num(s.median, 2)}× (${num(s.min, 2)}–${num(s.max, 2)})`
}

/** The results table's header, for both reports. */
export const TABLE_HEADER = [
  'workload',
  'vanilla req/s',
  'pulya req/s',
  'speed-up (min–max)',
  'vanilla p50 / p99 ms',
  'pulya p50 / p99 ms',
  'vanilla CPU µs/req',
  'pulya CPU µs/req',
  'CPU speed-up (min–max)'
]

/** The table rows (cells) of the report, one per workload. */
export function tableRows(workloads: readonly WorkloadSummary[]): string[][] {
  return workloads.map((w) => [
    w.name,
    `${w.vanilla.loaderBound ? '≥' : ''}${num(w.vanilla.rps)}`,
    `${w.pulya.loaderBound ? '≥' : ''}${num(w.pulya.rps)}`,
    speedText(w.speedup),
    `${num(w.vanilla.p50Ms, 2)} / ${num(w.vanilla.p99Ms, 2)}`,
    `${num(w.pulya.p50Ms, 2)} / ${num(w.pulya.p99Ms, 2)}`,
    num(w.vanilla.cpuUsPerReq, 1),
    num(w.pulya.cpuUsPerReq, 1),
    speedText(w.cpuSpeedup)
  ])
}

/** The rows of bench-serving.ts's pulya's-own-server table: per workload, pulya as served and under its own server; none when not measured. */
export function serverRows(workloads: readonly WorkloadSummary[]): string[][] {
  return workloads
    .filter((w) => w.pulyaServer !== null)
    .map((w) => [
      w.name,
      speedText(w.speedup),
      speedText(w.serverSpeedup),
      speedText(w.cpuSpeedup),
      speedText(w.serverCpuSpeedup)
    ])
}

/** The method, in one paragraph, for both reports. */
export function methodText(meta: BenchMeta): string {
  const c = meta.config
  return (
    `${meta.serving?.pulyaServerCode != null ? 'Vanilla, pulya and pulya under its own server (createServer) in three child processes' : 'Vanilla and pulya servers in two child processes'} ${meta.notPinned === null ? 'pinned to CPU 0, the load generator (autocannon) to CPU 1 (taskset)' : `not pinned (${meta.notPinned}): numbers are noisier`}; ` +
    `each server warmed up ${c.warmupS} s once; per workload ${c.rounds} interleaved rounds (vanilla, pulya; then pulya, vanilla…), ` +
    `each window a ${c.rewarmS} s re-warm then ${c.durationS} s measured with ${c.connections} connections to 127.0.0.1. ` +
    'Medians over rounds. Speed-up = pulya req/s ÷ vanilla req/s, and CPU speed-up = vanilla ÷ pulya server CPU (user+system, ' +
    "from the server process's own process.cpuUsage() around the window) per request, each the median of the per-round ratios, " +
    'min–max across rounds in brackets. "≥": the load generator saturated its CPU, so req/s is a lower bound.'
  )
}

/** The whole Markdown report. */
export function renderMarkdown(doc: BenchDoc): string {
  const { meta } = doc
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`
  const out = [
    `# pulya bench: ${meta.app}`,
    '',
    `- ${meta.startedAt}, took ${num(meta.elapsedS, 0)} s; Node ${meta.node} on ${meta.platform}, ${meta.cpuModel}, ${meta.cpus} CPUs; pulya ${meta.pulyaVersion}` +
      (meta.pulyaOptions === null ? '' : ` with options \`${JSON.stringify(meta.pulyaOptions)}\``),
    `- Routes: ${meta.routes} requested, ${meta.mixRoutes} in the mix (by method and template); ${doc.workloads.filter((w) => w.kind === 'route').length} benched one by one (spread over the route table, \`--top\`)` +
      (meta.config.routes.length > 0 ? `; \`--routes ${meta.config.routes.join(' ')}\`` : ''),
    `- ${checkText(meta.check)}`,
    ...(meta.check?.warnings ?? []).map((w) => `- ${w.replace(/^pulya: /, 'Warning: ')}`),
    ...servingLines(meta.serving).map((l) => `- ${l}`),
    `- Method: ${methodText(meta)}`,
    '',
    line(TABLE_HEADER),
    line(TABLE_HEADER.map((_, i) => (i === 0 ? '---' : '---:'))),
    ...tableRows(doc.workloads).map(line),
    ''
  ]
  for (const w of doc.workloads) for (const note of w.notes) out.push(`> ${w.name}: ${note}`, '')
  const rows = serverRows(doc.workloads)
  const code = meta.serving?.pulyaServerCode
  if (rows.length > 0 && code != null) {
    const [why, change] = serverIntro(code)
    out.push(`## ${SERVER_TITLE}`, '', why as string, '', '```js', change as string, '```', '')
    out.push(line(SERVER_TABLE_HEADER), line(SERVER_TABLE_HEADER.map((_, i) => (i === 0 ? '---' : '---:'))))
    out.push(...rows.map(line), '')
  }
  if (doc.gate !== null) out.push(...gateLines(doc.gate).map((l) => `- ${l}`), '')
  return out.join('\n')
}

/** The regression gate's verdict against a baseline. */
export interface GateResult {
  tolerance: number
  baseline: string
  compared: number
  /** One line per regressed workload, saying why. */
  regressions: string[]
  /** Workloads of the baseline this run did not measure. */
  missing: string[]
}

interface BaselineWorkload {
  name: string
  speedup: { median: number } | null
  pulya: { cpuUsPerReq: number | null }
}

/** Reads a `--json` file of an earlier run. @throws Error with one line */
export function parseBaseline(text: string): BaselineWorkload[] {
  const doc = JSON.parse(text) as Partial<BenchDoc> | null
  if (doc?.format !== BENCH_FORMAT || !Array.isArray(doc.workloads))
    throw new Error(`not a pulya bench --json file (format ${BENCH_FORMAT})`)
  return doc.workloads
}

function pctText(share: number): string {
  return `${share >= 0 ? '+' : ''}${num(share * 100, 0)}%`
}

/**
 * Compares each workload with the baseline's of the same name: a regression is a speed-up
 * that fell, or a pulya CPU per request that rose, by more than `tolerance` (a share).
 */
export function compareBaseline(
  current: readonly WorkloadSummary[],
  baseline: readonly BaselineWorkload[],
  tolerance: number,
  file: string
): GateResult {
  const regressions: string[] = []
  let compared = 0
  const limit = `tolerance ${num(tolerance * 100, 0)}%`
  for (const now of current) {
    const then = baseline.find((b) => b.name === now.name)
    if (then === undefined) continue
    compared++
    const reasons: string[] = []
    const [s0, s1] = [then.speedup?.median, now.speedup?.median]
    if (s0 !== undefined && s1 !== undefined && s1 < s0 * (1 - tolerance))
      reasons.push(`speed-up ${num(s0, 2)}× → ${num(s1, 2)}× (${pctText(s1 / s0 - 1)})`)
    const [c0, c1] = [then.pulya.cpuUsPerReq, now.pulya.cpuUsPerReq]
    if (c0 !== null && c1 !== null && c1 > c0 * (1 + tolerance))
      reasons.push(`pulya CPU ${num(c0, 1)} → ${num(c1, 1)} µs/req (${pctText(c1 / c0 - 1)})`)
    if (reasons.length > 0) regressions.push(`${now.name}: ${reasons.join('; ')}; ${limit}`)
  }
  const missing = baseline.filter((b) => !current.some((w) => w.name === b.name)).map((b) => b.name)
  return { tolerance, baseline: file, compared, regressions, missing }
}

/** The gate's verdict as lines: one per regression, then the summary. */
export function gateLines(gate: GateResult): string[] {
  const lines = gate.regressions.map((r) => `REGRESSION ${r}`)
  if (gate.missing.length > 0)
    lines.push(`not measured this time (baseline has them): ${gate.missing.join(', ')}`)
  lines.push(
    `${gate.regressions.length === 0 ? 'no regression' : `${gate.regressions.length} regressed`} against ${gate.baseline}: ${gate.compared} workloads compared, tolerance ${num(gate.tolerance * 100, 0)}%`
  )
  return lines
}
