// The cold start, measured: for every variant and route-table size, a fresh server process
// starts (pinned to one CPU) and the runner (pinned to the other) measures
//   start-up     from the server script's first line to `listening` (loading the framework,
//                pulya and the app, building the routes, and whatever pulya does at listen)
//   first        the first request's latency, as the client sees it
//   first 100    the first 100 requests, one after another on one keep-alive connection
//   CPU          the server's CPU for start-up plus those 100 requests
// Variants are interleaved within each repetition; medians over repetitions. Used by
// `npm run bench:cold` (bench/cold.mjs) and by the main report (bench/run.mjs).
import { execFileSync, spawn } from 'node:child_process'
import http from 'node:http'
import { fileURLToPath } from 'node:url'
import { PINNING, SERVER_CPU, LOADER_CPU } from './procs.mjs'
import { pinnedCommand } from '../../dist/esm/cli/bench-kit.js'
import { median } from './stats.mjs'
import { getWorkload } from '../http/workloads.mjs'

const SERVER = fileURLToPath(new URL('../http/cold-server.mjs', import.meta.url))
const REQUESTS = 100

/** The variants a cold run takes by default: Express 4/5 and Koa 3, each vanilla and with pulya. */
export const COLD_VARIANTS = [
  'express4',
  'express4+pulya',
  'express5',
  'express5+pulya',
  'koa3',
  'koa3+pulya',
  'koa3+pulya-router'
]

/** The route-table sizes a cold run takes by default (the scale-N workloads). */
export const COLD_SIZES = [10, 1000, 10000]

function start(node, variant, workload) {
  const args = [SERVER, variant.name, workload]
  const [command, argv] = pinnedCommand(PINNING, SERVER_CPU, node.bin, args)
  const child = spawn(command, argv, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`${variant.name} ${workload} exited with ${code} before listening`))
    )
    child.once('message', (message) => resolve({ child, ...message }))
  })
}

function get(agent, port, path) {
  return new Promise((resolve, reject) => {
    const began = performance.now()
    http
      .get({ host: '127.0.0.1', port, path, agent }, (res) => {
        res.resume()
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`${path}: ${res.statusCode}`))
          else resolve(performance.now() - began)
        })
      })
      .on('error', reject)
  })
}

function cpuOf(child) {
  return new Promise((resolve) => {
    child.once('message', (message) => resolve(message.cpu))
    child.send({ type: 'cpu' })
  })
}

async function measure(node, variant, workloadName, paths) {
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

/**
 * Runs the cold start of every variant at every size on every Node, `reps` fresh processes each.
 * @returns rows { node, size, variant, base, startupMs, firstMs, first100Ms, cpu100Ms } (medians)
 */
export async function runCold({ nodes, sizes, variants, reps, log }) {
  // The runner is the load generator: keep it off the server's CPU.
  if (PINNING.available)
    execFileSync('taskset', ['-p', '-c', String(LOADER_CPU), String(process.pid)], { stdio: 'ignore' })
  const rows = []
  for (const node of nodes) {
    for (const size of sizes) {
      const workloadName = `scale-${size}`
      const paths = getWorkload(workloadName).requests.map((r) => r.path)
      const samples = new Map(variants.map((v) => [v.name, []]))
      for (let rep = 0; rep < reps; rep++) {
        for (const variant of variants)
          samples.get(variant.name).push(await measure(node, variant, workloadName, paths))
      }
      for (const variant of variants) {
        const runs = samples.get(variant.name)
        const row = { node: node.version, size, variant: variant.name, base: variant.base }
        for (const key of ['startupMs', 'firstMs', 'first100Ms', 'cpu100Ms'])
          row[key] = median(runs.map((r) => r[key]))
        rows.push(row)
        log(
          `${node.version} ${String(size).padStart(5)} routes  ${variant.name.padEnd(18)} start-up ${row.startupMs.toFixed(1)} ms  first ${row.firstMs.toFixed(2)} ms  first 100 ${row.first100Ms.toFixed(1)} ms  CPU ${row.cpu100Ms.toFixed(0)} ms`
        )
      }
    }
  }
  return rows
}
