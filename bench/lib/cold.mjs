// The cold start, measured: for every variant and app (a route-table size, or the realistic
// app), a fresh server process starts (pinned to one CPU) and the runner (pinned to the other)
// measures
//   listening    from spawning the process to its `listening` (Node's own start, loading the
//                framework, pulya and the app, building the routes, whatever pulya does at listen)
//   first response  from spawning to the end of the first response: what a deploy waits for
//   start-up     the server script's own share of `listening`: its first line to `listening`
//   first        the first request's latency, as the client sees it, sent right after listening
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
import { servesWorkload } from '../http/variants.mjs'
import { expectedStatuses, getWorkload } from '../http/workloads.mjs'

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

/** The apps a cold run takes by default: route tables of the scale-N workloads, and the realistic app. */
export const COLD_SIZES = [10, 1000, 10000, 'realistic']

/** The workload of a cold-run size: a number is a scale-N table, a name is that workload. */
export function coldWorkloadName(size) {
  return typeof size === 'number' ? `scale-${size}` : size
}

function start(node, variant, workload) {
  const args = [SERVER, variant.name, workload]
  const [command, argv] = pinnedCommand(PINNING, SERVER_CPU, node.bin, args)
  const spawned = performance.now()
  const child = spawn(command, argv, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`${variant.name} ${workload} exited with ${code} before listening`))
    )
    child.once('message', (message) =>
      resolve({ child, spawned, listenMs: performance.now() - spawned, ...message })
    )
  })
}

function send(agent, port, { method, path, headers, body }, statuses) {
  return new Promise((resolve, reject) => {
    const began = performance.now()
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      res.resume()
      res.on('end', () => {
        if (!statuses.includes(res.statusCode)) reject(new Error(`${method} ${path}: ${res.statusCode}`))
        else resolve(performance.now() - began)
      })
    })
    req.on('error', reject)
    req.end(body)
  })
}

function cpuOf(child) {
  return new Promise((resolve) => {
    child.once('message', (message) => resolve(message.cpu))
    child.send({ type: 'cpu' })
  })
}

async function measure(node, variant, workload) {
  const { child, spawned, listenMs, port, startupMs } = await start(node, variant, workload.name)
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const { requests } = workload
  const statuses = expectedStatuses(workload)
  const first = await send(agent, port, requests[0], statuses)
  const firstResponseMs = performance.now() - spawned
  let total = first
  for (let i = 1; i < REQUESTS; i++) total += await send(agent, port, requests[i % requests.length], statuses)
  const cpu = await cpuOf(child)
  agent.destroy()
  child.removeAllListeners('exit')
  child.kill()
  return {
    listenMs,
    firstResponseMs,
    startupMs,
    firstMs: first,
    first100Ms: total,
    cpu100Ms: (cpu.user + cpu.system) / 1000
  }
}

/** The measures of a cold row, in report order. */
export const COLD_MEASURES = ['listenMs', 'firstResponseMs', 'startupMs', 'firstMs', 'first100Ms', 'cpu100Ms']

/**
 * Runs the cold start of every variant at every size on every Node, `reps` fresh processes each.
 * @returns rows { node, size, variant, base, listenMs, firstResponseMs, startupMs, firstMs,
 *   first100Ms, cpu100Ms } (medians)
 */
export async function runCold({ nodes, sizes, variants, reps, log }) {
  // The runner is the load generator: keep it off the server's CPU.
  if (PINNING.available)
    execFileSync('taskset', ['-p', '-c', String(LOADER_CPU), String(process.pid)], { stdio: 'ignore' })
  const rows = []
  for (const node of nodes) {
    for (const size of sizes) {
      const workload = getWorkload(coldWorkloadName(size))
      const serving = variants.filter((v) => servesWorkload(v, workload))
      const samples = new Map(serving.map((v) => [v.name, []]))
      for (let rep = 0; rep < reps; rep++) {
        for (const variant of serving) samples.get(variant.name).push(await measure(node, variant, workload))
      }
      for (const variant of serving) {
        const runs = samples.get(variant.name)
        const row = { node: node.version, size, variant: variant.name, base: variant.base }
        for (const key of COLD_MEASURES) row[key] = median(runs.map((r) => r[key]))
        rows.push(row)
        log(
          `${node.version} ${String(size).padStart(9)}  ${variant.name.padEnd(18)} listening ${row.listenMs.toFixed(1)} ms  first response ${row.firstResponseMs.toFixed(1)} ms  first ${row.firstMs.toFixed(2)} ms  first 100 ${row.first100Ms.toFixed(1)} ms  CPU ${row.cpu100Ms.toFixed(0)} ms`
        )
      }
    }
  }
  return rows
}

/**
 * Cold-run sizes from a flag: numbers are route-table sizes, names are workloads (realistic).
 * @param {string} text e.g. "10,1000,realistic"
 */
export function parseColdSizes(text) {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      if (/^\d+$/.test(s)) return Number(s)
      getWorkload(s)
      return s
    })
}

// What loading pulya costs on its own, next to its hosts: each line a fresh process (pinned like
// a server) timing one step from its own clock.
const IMPORTS = [
  ['import express (5)', "await import('express')"],
  ['import pulya/express', "await import('pulya/express')"],
  ['import koa (3)', "await import('koa')"],
  ['import pulya/koa', "await import('pulya/koa')"],
  ['pulya() for Express', "const { pulya } = await import('pulya/express'); $t(); pulya()"],
  [
    'pulya() for Koa, Koa loaded',
    "await import('koa'); const { pulya } = await import('pulya/koa'); $t(); pulya()"
  ]
]

function importScript(body) {
  // $t() restarts the clock: what comes before it is set-up, not the step timed.
  return (
    'let t0 = performance.now(); const $t = () => { t0 = performance.now() }; ' +
    `${body}; process.stdout.write(String(performance.now() - t0))`
  )
}

/**
 * The time to import pulya's entries and its hosts, and to call pulya(), per Node, `reps` fresh
 * processes each (medians).
 * @returns rows { node, step, ms }
 */
export function runImports({ nodes, reps, cwd, log }) {
  const rows = []
  for (const node of nodes) {
    for (const [step, body] of IMPORTS) {
      const times = []
      for (let rep = 0; rep < reps; rep++) {
        const args = ['--input-type=module', '-e', importScript(body)]
        const [command, argv] = pinnedCommand(PINNING, SERVER_CPU, node.bin, args)
        times.push(Number(execFileSync(command, argv, { cwd, encoding: 'utf8' })))
      }
      const row = { node: node.version, step, ms: median(times) }
      rows.push(row)
      log(`${node.version} ${step.padEnd(30)} ${row.ms.toFixed(2)} ms`)
    }
  }
  return rows
}
