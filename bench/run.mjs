// `npm run bench [-- flags]`: the HTTP benchmark. See bench/NOTES.md for the method.
//
//   --node 20,24        Node majors to run every variant on (default: this Node's major, and for
//                       the realistic workload every major of package.json's engines);
//                       another major runs via `npx -y node@<major>`
//   --workloads a,b     workloads (default: DEFAULT_WORKLOADS; --full: all)
//   --variants x,y      variants (default: all but the extra ones, e.g. Koa 2; --full: all)
//   --rounds N          interleaved rounds (default 3; the realistic workload 4)
//   --processes N       start every server N times, --rounds rounds each (default 1): a small
//                       difference needs several processes, not only more rounds (bench/NOTES.md)
//   --duration S        measured seconds per window (default 0.75, the realistic workload 1.5; --full: 5)
//   --warmup S          warm-up seconds per server, once (default 0.5, the realistic workload 2; --full: 2)
//   --rewarm S          re-warm seconds before each window (default 0.2; --full: 1)
//   --connections N     autocannon connections (default 50; the realistic workload 10)
//   --full              every workload with the long durations
//   --verbose           show the servers' own stdout/stderr
//   --cold-reps N       the cold start (bench/lib/cold.mjs) of the Express and Koa variants, N fresh
//                       processes per variant and size (default 3; 0: no cold start section)
//   --cold-sizes a,b    its route-table sizes and apps (default 10,1000,10000,realistic)
//
// Writes bench/results/<timestamp>.json (+ latest.json), latest.md and <workload>.svg.
import { mkdirSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { COLD_SIZES, coldWorkloadName, parseColdSizes, runCold } from './lib/cold.mjs'
import { renderMarkdown } from './lib/report-md.mjs'
import { renderSvg } from './lib/report-svg.mjs'
import { resolveNode } from './lib/procs.mjs'
import { runSession } from './lib/session.mjs'
import { ROOT, engineMajors, gitInfo, machineInfo, packageVersions } from './lib/system.mjs'
import { VARIANTS, getVariant, servesWorkload } from './http/variants.mjs'
import { WORKLOAD_NAMES, getWorkload } from './http/workloads.mjs'

// The default run, about 11 minutes: the realistic apps on every Node line of `engines` (the
// number to quote first), then the rest on this Node. The scale curve's far end only
// (scale-10000, against routes' 314 and hello's 1): the other sizes with
// --workloads scale-10,scale-100,scale-1000,scale-10000 or --full.
const DEFAULT_WORKLOADS = ['realistic', 'hello', 'routes', 'scale-10000', 'notfound', 'unique-urls']

const RESULTS_DIR = `${ROOT}bench/results/`

function list(value) {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}

function positive(name, value) {
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0)
    throw new TypeError(`--${name} must be a non-negative number, got "${value}"`)
  return n
}

function parseConfig(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      node: { type: 'string' },
      workloads: { type: 'string' },
      variants: { type: 'string' },
      rounds: { type: 'string' },
      processes: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rewarm: { type: 'string' },
      connections: { type: 'string' },
      full: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      'cold-reps': { type: 'string' },
      'cold-sizes': { type: 'string' }
    }
  })
  const full = values.full
  const workloads = values.workloads ? list(values.workloads) : full ? WORKLOAD_NAMES : DEFAULT_WORKLOADS
  for (const name of workloads) getWorkload(name)
  const majors = values.node ? list(values.node).map(Number) : [Number(process.versions.node.split('.')[0])]
  // A workload's own `load` (workloads.mjs) where no flag says otherwise.
  const perWorkload = {}
  for (const name of workloads) {
    const load = getWorkload(name).load
    if (!load) continue
    perWorkload[name] = {
      rounds: values.rounds ? undefined : load.rounds,
      durationS: values.duration || full ? undefined : load.durationS,
      warmupS: values.warmup || full ? undefined : load.warmupS,
      connections: values.connections ? undefined : load.connections,
      nodes: values.node || load.nodes !== 'engines' ? undefined : engineMajors().map(resolveNode)
    }
    for (const key of Object.keys(perWorkload[name]))
      if (perWorkload[name][key] === undefined) delete perWorkload[name][key]
  }
  const variants = values.variants
    ? list(values.variants).map(getVariant)
    : full
      ? VARIANTS
      : VARIANTS.filter((v) => v.extra !== true)
  return {
    workloads,
    variants,
    cold: {
      reps: Math.round(positive('cold-reps', values['cold-reps'] ?? 3)),
      sizes: values['cold-sizes'] ? parseColdSizes(values['cold-sizes']) : COLD_SIZES,
      // The hosts pulya installs into, without an agent (the cold start of the agent is its own).
      variants: variants.filter(
        (v) => (v.family === 'express' || v.family === 'koa') && !v.name.includes('otel')
      )
    },
    nodes: majors.map(resolveNode),
    perWorkload,
    rounds: Math.max(1, Math.round(positive('rounds', values.rounds ?? 3))),
    processes: Math.max(1, Math.round(positive('processes', values.processes ?? 1))),
    durationS: positive('duration', values.duration ?? (full ? 5 : 0.75)),
    warmupS: positive('warmup', values.warmup ?? (full ? 2 : 0.5)),
    rewarmS: positive('rewarm', values.rewarm ?? (full ? 1 : 0.2)),
    connections: Math.max(1, Math.round(positive('connections', values.connections ?? 50))),
    verbose: values.verbose
  }
}

// Measured overheads per server: ~0.6 s to start, verify and settle; ~0.3 s per window for
// autocannon's start-up and 100 ms ticks (twice: re-warm and window) and the CPU samples.
function estimateSeconds(config) {
  const perServer = (c) => c.processes * (0.6 + c.warmupS + c.rounds * (c.rewarmS + c.durationS + 0.3))
  const http = config.workloads.reduce((sum, name) => {
    const c = { ...config, ...config.perWorkload[name] }
    const workload = getWorkload(name)
    const variants = config.variants.filter((v) => servesWorkload(v, workload)).length
    return sum + c.nodes.length * variants * perServer(c)
  }, 0)
  // A cold process: about 0.5 s at 10 and 1,000 routes, 1.5 s at 10,000.
  const cold =
    config.cold.reps *
    config.cold.sizes.reduce((sum, size) => {
      const serving = config.cold.variants.filter((v) =>
        servesWorkload(v, getWorkload(coldWorkloadName(size)))
      )
      return sum + serving.length * (size >= 10000 ? 1.5 : 0.5)
    }, 0)
  return http + config.nodes.length * cold
}

function writeResults(doc) {
  mkdirSync(RESULTS_DIR, { recursive: true })
  const stamp = doc.meta.startedAt.replace(/[:.]/g, '-')
  const json = `${JSON.stringify(doc, null, 2)}\n`
  writeFileSync(`${RESULTS_DIR}${stamp}.json`, json)
  writeFileSync(`${RESULTS_DIR}latest.json`, json)
  writeFileSync(`${RESULTS_DIR}latest.md`, renderMarkdown(doc))
  for (const [name, result] of Object.entries(doc.workloads)) {
    const subtitle =
      `${doc.meta.startedAt} · ${doc.meta.machine.cpuModel}, ${doc.meta.machine.cores} CPUs · ` +
      `${result.rounds} rounds × ${result.durationS} s`
    writeFileSync(`${RESULTS_DIR}${name}.svg`, renderSvg(name, result.contestants, subtitle))
  }
  return `${RESULTS_DIR}${stamp}.json`
}

/** Every Node of the run, the workloads' own included, by major. */
function allNodes(config) {
  const nodes = [config.nodes, ...Object.values(config.perWorkload).map((c) => c.nodes ?? [])].flat()
  return [...new Map(nodes.map((n) => [n.major, n])).values()].sort((a, b) => a.major - b.major)
}

async function main() {
  const started = Date.now()
  const config = parseConfig(process.argv.slice(2))
  const log = (line) => process.stderr.write(`${line}\n`)
  log(
    `bench: ${config.workloads.length} workloads × ${config.variants.length} variants × Node ${allNodes(
      config
    )
      .map((n) => n.version)
      .join(', ')}; ` +
      `${config.rounds} rounds of ${config.durationS} s${config.processes > 1 ? ` × ${config.processes} processes` : ''}; about ${Math.ceil(estimateSeconds(config) / 60)} min`
  )
  const meta = {
    startedAt: new Date(started).toISOString(),
    command:
      `${process.env.npm_lifecycle_event ? `npm run ${process.env.npm_lifecycle_event} --` : 'node bench/run.mjs'} ${process.argv.slice(2).join(' ')}`.trim(),
    git: gitInfo(),
    machine: machineInfo(),
    nodes: allNodes(config),
    loaderNode: process.version,
    packages: packageVersions()
  }
  const { workloads } = await runSession(config, log)
  const { cold } = config
  const coldRows =
    cold.reps > 0 && cold.variants.length > 0
      ? await runCold({
          nodes: config.nodes,
          sizes: cold.sizes,
          variants: cold.variants,
          reps: cold.reps,
          log
        })
      : []
  meta.elapsedS = (Date.now() - started) / 1000
  meta.loadavgAtEnd = machineInfo().loadavgAtStart
  const doc = {
    meta,
    config: {
      ...config,
      variants: config.variants.map((v) => v.name),
      nodes: config.nodes.map((n) => n.major),
      perWorkload: Object.fromEntries(
        Object.entries(config.perWorkload).map(([name, c]) => [
          name,
          { ...c, ...(c.nodes ? { nodes: c.nodes.map((n) => n.major) } : {}) }
        ])
      ),
      cold: { ...cold, variants: cold.variants.map((v) => v.name) }
    },
    workloads,
    cold: coldRows
  }
  const file = writeResults(doc)
  log(
    `\nwrote ${file}, latest.json, latest.md and ${Object.keys(workloads).length} SVG charts in ${((Date.now() - started) / 1000).toFixed(0)} s`
  )
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err?.stack ?? err}\n`)
  process.exit(1)
})
