// `npm run bench:cold [-- flags]`: the cold start. For every variant and table size, a fresh
// server process starts (pinned to one CPU), and the runner (pinned to the other) measures:
//   start-up     from the server script's first line to `listening` (loading the framework,
//                pulya and the app, building the routes, and whatever pulya does at listen)
//   first        the first request's latency, as the client sees it
//   first 100    the first 100 requests, one after another on one keep-alive connection
//   CPU 100      the server's CPU for start-up plus those 100 requests
// Variants are interleaved within each repetition; medians over repetitions.
//
//   --node 20,24      Node majors (default: this Node's); another major via `npx -y node@<major>`
//   --sizes 10,1000,10000   route table sizes (the scale-N workloads)
//   --variants a,b    variants (default: Express 4/5 and Koa 3, each vanilla and with pulya)
//   --reps N          fresh processes per variant and size (default 7)
import { execFileSync, spawn } from 'node:child_process'
import http from 'node:http'
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { PINNING, SERVER_CPU, LOADER_CPU, resolveNode } from './lib/procs.mjs'
import { median } from './lib/stats.mjs'
import { ROOT, gitInfo, machineInfo } from './lib/system.mjs'
import { getVariant } from './http/variants.mjs'
import { getWorkload } from './http/workloads.mjs'

const SERVER = fileURLToPath(new URL('./http/cold-server.mjs', import.meta.url))
const RESULTS_DIR = `${ROOT}bench/results/`
const DEFAULT_VARIANTS = ['express4', 'express4+pulya', 'express5', 'express5+pulya', 'koa3', 'koa3+pulya', 'koa3+pulya-router']
const REQUESTS = 100

const { values } = parseArgs({
  options: {
    node: { type: 'string' },
    sizes: { type: 'string', default: '10,1000,10000' },
    variants: { type: 'string' },
    reps: { type: 'string', default: '7' }
  }
})
const list = (text) => text.split(',').map((s) => s.trim()).filter(Boolean)
const majors = values.node ? list(values.node).map(Number) : [Number(process.versions.node.split('.')[0])]
const sizes = list(values.sizes).map(Number)
const variants = (values.variants ? list(values.variants) : DEFAULT_VARIANTS).map(getVariant)
const reps = Number(values.reps)
if (!Number.isSafeInteger(reps) || reps < 1) throw new TypeError(`--reps must be a positive integer, got "${values.reps}"`)

// The runner is the load generator: keep it off the server's CPU.
if (PINNING.available) execFileSync('taskset', ['-p', '-c', String(LOADER_CPU), String(process.pid)], { stdio: 'ignore' })

function start (node, variant, workload) {
  const args = [SERVER, variant.name, workload]
  const [command, argv] = PINNING.available ? ['taskset', ['-c', String(SERVER_CPU), node.bin, ...args]] : [node.bin, args]
  const child = spawn(command, argv, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${variant.name} ${workload} exited with ${code} before listening`)))
    child.once('message', (message) => resolve({ child, ...message }))
  })
}

function get (agent, port, path) {
  return new Promise((resolve, reject) => {
    const began = performance.now()
    http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume()
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`${path}: ${res.statusCode}`))
        else resolve(performance.now() - began)
      })
    }).on('error', reject)
  })
}

function cpuOf (child) {
  return new Promise((resolve) => {
    child.once('message', (message) => resolve(message.cpu))
    child.send({ type: 'cpu' })
  })
}

async function measure (node, variant, workloadName, paths) {
  const { child, port, startupMs } = await start(node, variant, workloadName)
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const first = await get(agent, port, paths[0])
  let total = first
  for (let i = 1; i < REQUESTS; i++) total += await get(agent, port, paths[i % paths.length])
  const cpu = await cpuOf(child)
  agent.destroy()
  child.removeAllListeners('exit')
  child.kill()
  return { startupMs, firstMs: first, first100Ms: total, cpu100Ms: (cpu.user + cpu.system) / 1000 }
}

const report = []
for (const major of majors) {
  const node = resolveNode(major)
  for (const size of sizes) {
    const workloadName = `scale-${size}`
    const paths = getWorkload(workloadName).requests.map((r) => r.path)
    const samples = new Map(variants.map((v) => [v.name, []]))
    for (let rep = 0; rep < reps; rep++) {
      for (const variant of variants) samples.get(variant.name).push(await measure(node, variant, workloadName, paths))
    }
    for (const variant of variants) {
      const runs = samples.get(variant.name)
      const row = { node: node.version, size, variant: variant.name, base: variant.base }
      for (const key of ['startupMs', 'firstMs', 'first100Ms', 'cpu100Ms']) row[key] = median(runs.map((r) => r[key]))
      report.push(row)
      console.log(`${node.version} ${String(size).padStart(5)} routes  ${variant.name.padEnd(18)} start-up ${row.startupMs.toFixed(1)} ms  first ${row.firstMs.toFixed(2)} ms  first 100 ${row.first100Ms.toFixed(1)} ms  CPU ${row.cpu100Ms.toFixed(0)} ms`)
    }
  }
}

const ratio = (row, key) => {
  const base = row.base === null ? undefined : report.find((r) => r.node === row.node && r.size === row.size && r.variant === row.base)
  return base === undefined ? '' : ` (${(row[key] / base[key]).toFixed(2)}×)`
}
const lines = [
  '# pulya cold start',
  `- Command: \`node bench/cold.mjs ${process.argv.slice(2).join(' ')}\``,
  `- Commit: ${gitInfo().commit}; machine: ${machineInfo().cpuModel}, ${machineInfo().cores} CPUs; pinning: ${PINNING.available ? `server on CPU ${SERVER_CPU}, runner on CPU ${LOADER_CPU}` : PINNING.reason}`,
  `- A fresh server process per measurement, ${reps} per variant and size, interleaved; medians. Start-up: the server script's first line to \`listening\`. First: the first request's latency from the client. First 100: 100 sequential requests on one keep-alive connection. CPU: the server's user+system CPU from process start through those 100. (×): this variant ÷ its vanilla.`,
  '',
  '| node | routes | variant | start-up ms | first request ms | first 100 ms | server CPU ms |',
  '| --- | ---: | --- | ---: | ---: | ---: | ---: |',
  ...report.map((row) => `| ${row.node} | ${row.size} | ${row.variant} | ${row.startupMs.toFixed(1)}${ratio(row, 'startupMs')} | ${row.firstMs.toFixed(2)}${ratio(row, 'firstMs')} | ${row.first100Ms.toFixed(1)}${ratio(row, 'first100Ms')} | ${row.cpu100Ms.toFixed(0)}${ratio(row, 'cpu100Ms')} |`)
]
mkdirSync(RESULTS_DIR, { recursive: true })
writeFileSync(`${RESULTS_DIR}cold-latest.md`, lines.join('\n') + '\n')
writeFileSync(`${RESULTS_DIR}cold-latest.json`, JSON.stringify(report, null, 2) + '\n')
console.log(`\nwrote ${RESULTS_DIR}cold-latest.md`)
