// `npm run bench:instructions [-- flags]`: instructions per request, counted by valgrind's
// callgrind, for costs too small for server CPU time on a shared machine to settle (first
// used for what `metrics: true` costs per request; see bench/NOTES.md).
//
// Every variant's server runs under `valgrind --tool=callgrind --instr-atstart=no` (pinned, as
// in bench/run.mjs), gets `--warmup` requests uncounted, then counting is switched on
// (callgrind_control -i on), exactly `--requests` requests are sent and counting is switched
// off: the window starts and ends with the server idle, so the count is the requests' own.
// Between warm-up and window, two short runs on new connections let V8 finish re-optimising
// what new connections deoptimise (see below), so the window is steady state.
//
// Reported per request: the request path (all instructions but the two parts below; the
// garbage collector is in it), and apart: V8's optimising compiler (natively it settles after
// warm-up, under valgrind a steady trickle stays) and the process sampler's histogram reads
// (once per second of wall time, which valgrind stretches ~50×: per request it is overstated
// by about that much). Instructions are not time — no cache misses, no branch mispredictions —
// so this complements bench/run.mjs, it does not replace it.
//
//   --variants a,b     (default: the metrics pairs: express4/express5/koa3 +pulya and +pulya-metrics)
//   --workloads a,b    (default: hello,routes)
//   --node 20,24       Node majors (default: this Node's)
//   --warmup N         requests before counting (default 60000)
//   --requests N       requests counted (default 4000)
//   --connections N    autocannon connections (default 50)
//   --reps N           servers started per variant, interleaved (default 1); the run with the
//                      fewest request-path instructions is reported (noise here only adds)
//
// Needs valgrind (Debian: apt-get install valgrind). Results: bench/results/instructions-*.json
// and instructions-latest.md.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { readCallgrind } from './lib/callgrind.mjs'
import { costText } from './lib/report-md.mjs'
import { resolveNode, startLoader, startServer } from './lib/procs.mjs'
import { ROOT } from './lib/system.mjs'
import { getVariant } from './http/variants.mjs'
import { getWorkload } from './http/workloads.mjs'

const REWARM = 2000
const DEFAULT_VARIANTS = [
  'express4+pulya',
  'express4+pulya-metrics',
  'express5+pulya',
  'express5+pulya-metrics',
  'koa3+pulya',
  'koa3+pulya-metrics'
]

function fail(message) {
  process.stderr.write(`bench:instructions: ${message}\n`)
  process.exit(2)
}

function count(value, name) {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) fail(`--${name} must be a positive integer, got "${value}"`)
  return n
}

const { values } = parseArgs({
  options: {
    variants: { type: 'string' },
    workloads: { type: 'string', default: 'hello,routes' },
    node: { type: 'string' },
    warmup: { type: 'string', default: '60000' },
    requests: { type: 'string', default: '4000' },
    connections: { type: 'string', default: '50' },
    reps: { type: 'string', default: '1' }
  }
})

try {
  execFileSync('valgrind', ['--version'], { stdio: 'ignore' })
  execFileSync('callgrind_control', ['--version'], { stdio: 'ignore' })
} catch {
  fail('needs valgrind and callgrind_control (Debian: apt-get install valgrind)')
}

let variants, workloads
try {
  variants = (values.variants?.split(',') ?? DEFAULT_VARIANTS).map((name) => getVariant(name))
  workloads = values.workloads.split(',').map((name) => getWorkload(name))
} catch (err) {
  fail(err.message)
}
const nodes = (values.node ?? process.versions.node.split('.')[0])
  .split(',')
  .map((major) => resolveNode(count(major, 'node')))
const warmup = count(values.warmup, 'warmup')
const requests = count(values.requests, 'requests')
const connections = count(values.connections, 'connections')
const reps = count(values.reps, 'reps')

const work = mkdtempSync(join(tmpdir(), 'pulya-instructions-'))
process.on('exit', () => rmSync(work, { recursive: true, force: true }))

/** One server under callgrind: warm, count `requests`, dump, stop. */
async function measure(loader, variant, workload, node, rep) {
  const out = join(work, `${workload.name}-${variant.name}-${node.major}-${rep}.out`.replace(/[^\w.-]/g, '_'))
  const server = await startServer({
    variant: variant.name,
    workload: workload.name,
    node,
    wrapper: [
      'valgrind',
      '--tool=callgrind',
      '--instr-atstart=no',
      '--smc-check=all-non-file',
      `--callgrind-out-file=${out}`
    ],
    readyMs: 600_000
  })
  try {
    const order = { url: `http://127.0.0.1:${server.port}`, workload: workload.name, connections }
    await loader.count({ ...order, amount: warmup }, 3_600_000)
    // Two short runs more, each on new connections: the first window after a run's new
    // connections re-optimises a few functions (natively too: a handful per run), and a
    // counted window that includes it had ~20,000 compiler instructions per request and
    // partly unoptimised code (request path ±4% between runs); after these, none.
    for (let i = 0; i < 2; i++) await loader.count({ ...order, amount: REWARM }, 3_600_000)
    execFileSync('callgrind_control', ['-i', 'on', String(server.pid)], { stdio: 'ignore' })
    const load = await loader.count({ ...order, amount: requests }, 3_600_000)
    execFileSync('callgrind_control', ['-i', 'off', String(server.pid)], { stdio: 'ignore' })
    execFileSync('callgrind_control', ['-d', String(server.pid)], { stdio: 'ignore' })
    if (load.requests !== requests || load.errors > 0 || load.timeouts > 0) {
      throw new Error(
        `${variant.name}: ${load.requests} of ${requests} requests answered, ${load.errors} errors, ${load.timeouts} timeouts`
      )
    }
    const parts = readCallgrind(`${out}.1`)
    const perRequest = (n) => n / requests
    return {
      request: perRequest(parts.total - parts.compiler - parts.sampler),
      total: perRequest(parts.total),
      compiler: perRequest(parts.compiler),
      gc: perRequest(parts.gc),
      sampler: perRequest(parts.sampler)
    }
  } finally {
    server.stop()
  }
}

const fmt = (n) => Math.round(n).toLocaleString('en-US')

const loader = await startLoader()
const rows = []
const started = Date.now()
try {
  for (const workload of workloads) {
    for (const node of nodes) {
      const runs = new Map(variants.map((v) => [v.name, []]))
      // Reps interleave the variants (A B A B …), as bench/run.mjs's rounds do.
      for (let rep = 1; rep <= reps; rep++) {
        for (const variant of variants) {
          const result = await measure(loader, variant, workload, node, rep)
          runs.get(variant.name).push(result)
          process.stdout.write(
            `  [${workload.name} ${rep}/${reps}] ${variant.name}@${node.major}  request path ${fmt(result.request)} Ir/req` +
              `  (total ${fmt(result.total)}, compiler ${fmt(result.compiler)}, GC ${fmt(result.gc)}, sampler ${fmt(result.sampler)})\n`
          )
        }
      }
      for (const variant of variants) {
        // The run with the fewest request-path instructions: what adds to a count here — code
        // not yet optimised again, a major GC in the window — only ever adds.
        const list = runs.get(variant.name)
        const best = list.reduce((a, b) => (b.request < a.request ? b : a))
        rows.push({
          workload: workload.name,
          node: node.version,
          variant: variant.name,
          against: variant.against ?? null,
          reps: list,
          ...best
        })
      }
    }
  }
} finally {
  loader.stop()
}

const lines = [
  '# Instructions per request (callgrind)',
  '',
  `- Command: \`node bench/instructions.mjs ${process.argv.slice(2).join(' ')}\` (took ${((Date.now() - started) / 60000).toFixed(1)} min)`,
  `- ${warmup} requests of warm-up, ${requests} counted, ${connections} connections, ${reps} server(s) per variant (the one with the fewest request-path instructions)`,
  "- request path: all instructions but V8's optimising compiler and the process sampler's histogram reads (see bench/instructions.mjs)",
  '',
  '| workload | Node | variant | request path Ir/req | vs against | total | compiler | GC | sampler |',
  '|---|---|---|---|---|---|---|---|---|'
]
for (const row of rows) {
  const base = rows.find(
    (r) => r.workload === row.workload && r.node === row.node && r.variant === row.against
  )
  const versus = base === undefined ? '–' : `${costText(row.request / base.request)} vs ${row.against}`
  lines.push(
    `| ${row.workload} | ${row.node} | ${row.variant} | ${fmt(row.request)} | ${versus} | ${fmt(row.total)} | ${fmt(row.compiler)} | ${fmt(row.gc)} | ${fmt(row.sampler)} |`
  )
}
const markdown = lines.join('\n') + '\n'
const results = join(ROOT, 'bench', 'results')
mkdirSync(results, { recursive: true })
const stamp = new Date().toISOString().replace(/[:.]/g, '-')
writeFileSync(
  join(results, `instructions-${stamp}.json`),
  JSON.stringify({ warmup, requests, connections, reps, rows }, null, 2) + '\n'
)
writeFileSync(join(results, 'instructions-latest.md'), markdown)
process.stdout.write('\n' + markdown)
