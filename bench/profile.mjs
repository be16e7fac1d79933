// `npm run bench:profile [-- flags]`: where a server's CPU goes, package by package, vanilla and
// with pulya side by side. Each server runs under `node --cpu-prof --cpu-prof-interval <µs>`,
// pinned to CPU 0, verified like a benchmark server (its answers, and pulya's byte for byte
// against vanilla's); the loader (CPU 1) warms it up, then loads it for the measured window.
// Only the samples inside that window count (the server reports the window on the profile's
// clock); self time is summed by package (bench/lib/profile.mjs).
//
//   --node 24,26        Node majors (default 24,26)
//   --variants a,b      variants (default: Express 4, Express 5, Koa 3, each vanilla and +pulya)
//   --workload name     the workload (default realistic)
//   --duration S        the measured window (default 12)
//   --warmup S          load before the window (default 3)
//   --interval US       the sampling interval in µs (default 200)
//   --connections N     autocannon connections (default 50)
//   --top N             rows per table (default 20)
//
// Writes bench/results/profiles/<timestamp>/<variant>@<major>.cpuprofile (open one in Chrome's
// DevTools), bench/results/profile-latest.md and profile-latest.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { compareRows, samplesByPackage, topRows } from './lib/profile.mjs'
import { PINNING, resolveNode, startLoader, startServer } from './lib/procs.mjs'
import { ROOT, gitInfo, machineInfo, packageVersions } from './lib/system.mjs'
import { verifyContestants } from './lib/verify.mjs'
import { getVariant } from './http/variants.mjs'
import { getWorkload } from './http/workloads.mjs'
import { num } from '../dist/esm/cli/bench-kit.js'

const DEFAULT_VARIANTS = ['express4', 'express4+pulya', 'express5', 'express5+pulya', 'koa3', 'koa3+pulya']
const RESULTS = `${ROOT}bench/results/`
const ROOT_URL = pathToFileURL(ROOT).href

const list = (text) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

const { values } = parseArgs({
  options: {
    node: { type: 'string', default: '24,26' },
    variants: { type: 'string', default: DEFAULT_VARIANTS.join(',') },
    workload: { type: 'string', default: 'realistic' },
    duration: { type: 'string', default: '12' },
    warmup: { type: 'string', default: '3' },
    interval: { type: 'string', default: '200' },
    connections: { type: 'string', default: '50' },
    top: { type: 'string', default: '20' }
  }
})
const config = {
  nodes: list(values.node).map(Number).map(resolveNode),
  variants: list(values.variants).map(getVariant),
  workload: getWorkload(values.workload),
  durationS: Number(values.duration),
  warmupS: Number(values.warmup),
  intervalUs: Number(values.interval),
  connections: Number(values.connections),
  top: Number(values.top)
}
const started = new Date()
// The machine as the run begins: its load average then is the one that says how busy it was.
const machine = machineInfo()
const stamp = started.toISOString().replace(/[:.]/g, '-')
const dir = `${RESULTS}profiles/${stamp}/`
mkdirSync(dir, { recursive: true })
const log = (line) => process.stderr.write(`${line}\n`)

/** Starts one server under the profiler. */
function startProfiled(variant, node) {
  return startServer({
    variant: variant.name,
    workload: config.workload.name,
    node,
    nodeArgs: [
      '--cpu-prof',
      '--cpu-prof-interval',
      String(config.intervalUs),
      '--cpu-prof-dir',
      dir,
      '--cpu-prof-name',
      `${variant.name}@${node.major}.cpuprofile`
    ]
  })
}

/** Loads one server: warm-up, then the window; returns what the window measured and the profile's sums. */
async function profileOne(contestant, loader) {
  const { variant, node, server } = contestant
  const order = { url: `http://127.0.0.1:${server.port}`, workload: config.workload.name }
  await loader.run({ ...order, connections: config.connections, duration: config.warmupS })
  const before = await server.sample()
  const load = await loader.run({ ...order, connections: config.connections, duration: config.durationS })
  const after = await server.sample()
  await server.exit()
  const file = `${dir}${variant.name}@${node.major}.cpuprofile`
  const profile = JSON.parse(readFileSync(file, 'utf8'))
  const sums = samplesByPackage(profile, ROOT_URL, { fromUs: before.now, toUs: after.now })
  const cpuS = (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1e6
  const statuses = Object.keys(load.statusCodes).join(', ')
  log(
    `  ${`${variant.name}@${node.major}`.padEnd(20)} ${num(load.rps)} req/s  ${num((cpuS * 1e6) / load.requests, 1)} µs/req  ` +
      `${sums.samples} samples (+${sums.idle} idle)  statuses ${statuses}`
  )
  return {
    variant: variant.name,
    base: variant.base,
    node: node.version,
    major: node.major,
    file: file.slice(ROOT.length),
    windowS: (after.now - before.now) / 1e6,
    requests: load.requests,
    rps: load.rps,
    cpuS,
    cpuUsPerReq: (cpuS * 1e6) / load.requests,
    samples: sums.samples,
    idle: sums.idle,
    packages: Object.fromEntries(sums.packages),
    functions: Object.fromEntries([...sums.functions].sort((a, b) => b[1] - a[1]).slice(0, 40)),
    sums
  }
}

function sideLine(label, r) {
  return (
    `- ${label}: ${num(r.windowS, 1)} s window, ${num(r.requests)} requests (${num(r.rps)} req/s), ` +
    `server CPU ${num(r.cpuS, 2)} s = ${num(r.cpuUsPerReq, 1)} µs/request; ${num(r.samples)} samples on CPU ` +
    `(+${num(r.idle)} idle) at ${config.intervalUs} µs`
  )
}

/** One app on one Node: its vanilla and pulya profiles side by side. */
function renderPair(vanilla, pulya) {
  const sides = [vanilla, pulya]
  const { shown, rest } = topRows(compareRows(sides.map((s) => s.sums)), config.top)
  const cell = (c, side) =>
    `${num(c.samples)} | ${num(c.share * 100, 1)}% | ${num(c.share * side.cpuUsPerReq, 1)}`
  const line = (row) => `| ${row.name} | ${row.cells.map((c, i) => cell(c, sides[i])).join(' | ')} |`
  const out = [
    `### ${vanilla.variant} vs ${pulya.variant}, Node ${vanilla.node}`,
    '',
    sideLine(vanilla.variant, vanilla),
    sideLine(pulya.variant, pulya),
    '',
    `| package | ${vanilla.variant} samples | % | µs/req | ${pulya.variant} samples | % | µs/req |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...shown.map(line)
  ]
  if (rest) out.push(line(rest))
  out.push(
    `| **total on CPU** | ${num(vanilla.samples)} | 100% | ${num(vanilla.cpuUsPerReq, 1)} | ${num(pulya.samples)} | 100% | ${num(pulya.cpuUsPerReq, 1)} |`,
    ''
  )
  return out
}

function renderTopFunctions(result, count = 15) {
  const entries = Object.entries(result.functions).slice(0, count)
  return [
    `<details><summary>top functions, ${result.variant} on Node ${result.node}</summary>`,
    '',
    '| package | function (file:line) | samples | % |',
    '| --- | --- | ---: | ---: |',
    ...entries.map(([key, samples]) => {
      const [pkg, fn] = key.split('\t')
      return `| ${pkg} | ${fn.replaceAll('|', '\\|')} | ${num(samples)} | ${num((samples / result.samples) * 100, 1)}% |`
    }),
    '',
    '</details>',
    ''
  ]
}

async function main() {
  const loader = await startLoader()
  const results = []
  try {
    for (const node of config.nodes) {
      log(`Node ${node.version}:`)
      for (const variant of config.variants) {
        const contestant = { variant, node, server: await startProfiled(variant, node) }
        try {
          // Checked like a benchmark server; a +pulya variant against its base profiled just before.
          const base = results.find((r) => r.variant === variant.base && r.major === node.major)
          const contestants = [contestant]
          let baseServer = null
          if (base) {
            baseServer = await startServer({ variant: variant.base, workload: config.workload.name, node })
            contestants.unshift({ variant: getVariant(variant.base), node, server: baseServer })
          }
          try {
            await verifyContestants(config.workload, contestants)
          } finally {
            baseServer?.stop()
          }
          results.push(await profileOne(contestant, loader))
        } finally {
          contestant.server.stop()
        }
      }
    }
  } finally {
    loader.stop()
  }
  const md = [
    `# pulya CPU profile by package — ${started.toISOString()}`,
    '',
    `- Command: \`node bench/profile.mjs ${process.argv.slice(2).join(' ')}\`; commit ${gitInfo().commit}`,
    `- Machine: ${machine.cpuModel}, ${machine.cores} CPUs; load average at start ${machine.loadavgAtStart.map((l) => num(l, 2)).join(' / ')}, at the end ${machineInfo()
      .loadavgAtStart.map((l) => num(l, 2))
      .join(' / ')}; ` +
      (PINNING.available ? 'server on CPU 0, loader on CPU 1' : `not pinned: ${PINNING.reason}`),
    `- Method: workload ${config.workload.name}, ${config.connections} connections, ${config.warmupS} s warm-up, then ${config.durationS} s ` +
      `profiled (only samples inside the window count); \`--cpu-prof-interval ${config.intervalUs}\`. Self time by where each ` +
      'function lives (bench/lib/profile.mjs); % of the samples on CPU; µs/req = that share of the server CPU per request ' +
      '(process.cpuUsage over the window ÷ requests).',
    ''
  ]
  for (const r of results) {
    if (!r.base) continue
    const vanilla = results.find((v) => v.variant === r.base && v.major === r.major)
    if (vanilla) md.push(...renderPair(vanilla, r))
  }
  for (const r of results) md.push(...renderTopFunctions(r))
  writeFileSync(`${RESULTS}profile-latest.md`, `${md.join('\n')}\n`)
  writeFileSync(
    `${RESULTS}profile-latest.json`,
    `${JSON.stringify(
      {
        startedAt: started.toISOString(),
        config: {
          ...config,
          nodes: config.nodes,
          variants: config.variants.map((v) => v.name),
          workload: config.workload.name
        },
        machine,
        packages: packageVersions(),
        results: results.map((r) => ({ ...r, sums: undefined }))
      },
      null,
      2
    )}\n`
  )
  log(`\nwrote ${RESULTS}profile-latest.md and the profiles in ${dir}`)
}

main().catch((err) => {
  process.stderr.write(`bench:profile failed: ${err?.stack ?? err}\n`)
  process.exit(1)
})
