// One benchmark session, shared by `npm run bench` and `npm run bench:check`.
//
// Per workload: start one server per (variant, Node major), all pinned to the server CPU;
// verify every answer; wait until all are idle; warm each up once; then interleave the
// measured windows (A B C A B C …) for N rounds, each preceded by a short re-warm (fresh
// connections, hot caches) and a drain of the requests that re-warm left queued. Servers stay
// up across rounds, so RSS shows growth (unique-urls); with `processes` > 1 all of that is done
// that many times, with fresh servers. The server is charged the CPU time it reports for
// exactly the measured window.
import { performance } from 'node:perf_hooks'
import { LOADER_CPU, SERVER_CPU, startLoader, startServer } from './procs.mjs'
import { addRatios, summariseRounds } from './stats.mjs'
import { cpuBusyBetween, currentLoad, readCpuTimes } from './system.mjs'
import { verifyContestants } from './verify.mjs'
// The idle wait is shared with `pulya bench` (src/cli/bench-run.ts).
import { waitIdle } from '../../dist/esm/cli/bench-kit.js'
import { servesWorkload } from '../http/variants.mjs'
import { expectedStatuses, getWorkload } from '../http/workloads.mjs'

function cpuSeconds(usage) {
  return (usage.user + usage.system) / 1e6
}

function fmt(n, digits = 0) {
  return n == null
    ? '-'
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
}

async function measureWindow(contestant, workload, loader, config) {
  const order = {
    url: `http://127.0.0.1:${contestant.server.port}`,
    workload: workload.name,
    connections: config.connections
  }
  if (config.rewarmS > 0) await loader.run({ ...order, duration: config.rewarmS })
  // When autocannon stops, up to `connections` requests are still queued in the server: at
  // 10-20 ms each (Express, 10,000 routes) that backlog would fill the next window. Drain it.
  await waitIdle([contestant.server], { stepMs: 50, share: 0.05, maxMs: 5_000 })
  const before = await contestant.server.sample()
  const timesBefore = readCpuTimes()
  const bracketStart = performance.now()
  const result = await loader.run({ ...order, duration: config.durationS })
  const after = await contestant.server.sample()
  const timesAfter = readCpuTimes()
  const bracketS = (performance.now() - bracketStart) / 1000

  const label = `${contestant.variant.name}@${contestant.node.major}`
  const allowed = new Set(expectedStatuses(workload).map(String))
  const unexpected = Object.keys(result.statusCodes).filter((code) => !allowed.has(code))
  if (result.errors > 0 || result.timeouts > 0 || unexpected.length > 0 || result.requests === 0) {
    throw new Error(
      `${workload.name} ${label}: bad load answers: ${JSON.stringify({ statusCodes: result.statusCodes, errors: result.errors, timeouts: result.timeouts })}`
    )
  }
  const serverCpuS = cpuSeconds(after.cpu) - cpuSeconds(before.cpu)
  // The /proc/stat bracket is a little longer than the loader's window (autocannon set-up,
  // IPC): judge the machine over the bracket, charging our own two processes their share.
  const busy = cpuBusyBetween(
    timesBefore,
    timesAfter,
    serverCpuS + result.loaderCpu * result.durationS,
    bracketS
  )
  return {
    rps: result.rps,
    requests: result.requests,
    durationS: result.durationS,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    rssMb: after.rss / 2 ** 20,
    cpuUsPerReq: (serverCpuS * 1e6) / result.requests,
    serverCpu: serverCpuS / result.durationS,
    loaderCpu: result.loaderCpu,
    otherCores: busy?.otherCores ?? null,
    serverCpuBusy: busy?.perCpuBusy[SERVER_CPU] ?? null,
    loaderCpuBusy: busy?.perCpuBusy[LOADER_CPU] ?? null,
    load1: currentLoad(),
    statusCodes: result.statusCodes
  }
}

/** Starts one server per (variant, Node major), verifies them, waits until idle, warms each once. */
async function startContestants(name, workload, contestants, config, loader, log) {
  const servers = []
  try {
    for (const c of contestants) {
      c.server = await startServer({
        variant: c.variant.name,
        workload: name,
        node: c.node,
        verbose: config.verbose
      })
      servers.push(c.server)
    }
    const notes = await verifyContestants(workload, contestants)
    for (const note of notes) log(`  note: ${note}`)
    // All servers share the server CPU: one still compiling or collecting start-up garbage
    // (10,000 routes make a big heap) would steal time from whichever is being measured.
    const settledMs = await waitIdle(servers, { stepMs: 250, share: 0.012, maxMs: 10_000 })
    log(
      `  ${contestants.length} servers verified (${workload.checks.length} checks each), idle after ${settledMs} ms`
    )
    for (const c of contestants) {
      await loader.run({
        url: `http://127.0.0.1:${c.server.port}`,
        workload: name,
        connections: config.connections,
        duration: config.warmupS
      })
    }
    return notes
  } catch (error) {
    for (const server of servers) server.stop()
    throw error
  }
}

/**
 * The (variant, Node) pairs of one workload: the variants that serve it (servesWorkload), on the
 * workload's own Node lines when `config.perWorkload[name].nodes` names them, else `config.nodes`.
 */
export function contestantsOf(name, workload, config) {
  const nodes = config.perWorkload?.[name]?.nodes ?? config.nodes
  return config.variants
    .filter((variant) => servesWorkload(variant, workload))
    .flatMap((variant) => nodes.map((node) => ({ variant, node, server: null, rounds: [] })))
}

async function benchWorkload(name, runConfig, loader, log) {
  const workload = getWorkload(name)
  // A workload may take its own rounds, windows, connections and Node lines (the realistic one).
  const config = { ...runConfig, ...runConfig.perWorkload?.[name] }
  const contestants = contestantsOf(name, workload, config)
  if (contestants.length === 0) {
    log(`  no variant of this run serves ${name}: skipped`)
    return null
  }
  const processes = config.processes ?? 1
  let notes = []
  let round = 0
  // `processes` > 1: every server is started anew that many times, `rounds` rounds each. Two
  // processes of one server can differ by more than a small cost being measured (code layout,
  // heap, JIT decisions are the process's for its whole life): rounds of one process sample
  // only that process. Rounds are numbered on across processes, so pairing stays by round.
  for (let proc = 1; proc <= processes; proc++) {
    if (processes > 1) log(`  process ${proc}/${processes}`)
    notes = await startContestants(name, workload, contestants, config, loader, log)
    try {
      for (let r = 1; r <= config.rounds; r++) {
        round++
        // `alternate`: A B C, then C B A … so neighbours swap places and slow drift cancels out.
        const order = config.alternate && round % 2 === 0 ? [...contestants].reverse() : contestants
        for (const c of order) {
          const sample = await measureWindow(c, workload, loader, config)
          c.rounds.push(processes > 1 ? { round, process: proc, ...sample } : { round, ...sample })
          log(
            `  [${name} ${round}/${config.rounds * processes}] ${`${c.variant.name}@${c.node.major}`.padEnd(18)} ` +
              `${fmt(sample.rps).padStart(7)} req/s  ${fmt(sample.cpuUsPerReq, 1).padStart(7)} µs/req  ` +
              `p99 ${fmt(sample.p99Ms, 2)} ms  loader ${fmt(sample.loaderCpu * 100)}%  other ${fmt(sample.otherCores, 2)} cores`
          )
        }
      }
    } finally {
      for (const c of contestants) c.server.stop()
    }
  }
  return {
    notes,
    rounds: config.rounds,
    durationS: config.durationS,
    connections: config.connections,
    nodes: [...new Set(contestants.map((c) => c.node.major))],
    contestants: addRatios(
      contestants.map((c) => ({
        variant: c.variant.name,
        base: c.variant.base,
        against: c.variant.against ?? null,
        family: c.variant.family,
        nodeMajor: c.node.major,
        nodeVersion: c.server.node,
        ...summariseRounds(c.rounds),
        rounds: c.rounds
      }))
    )
  }
}

/**
 * Runs every workload of `config` and returns { workloads: { [name]: { notes, contestants } } }.
 * @param {{ workloads: string[], variants: object[], nodes: object[], rounds: number,
 *   warmupS: number, rewarmS: number, durationS: number, connections: number,
 *   processes?: number, alternate?: boolean, verbose?: boolean,
 *   perWorkload?: Record<string, { nodes?: object[], rounds?: number, durationS?: number,
 *   connections?: number }> }} config
 * @param {(line: string) => void} log progress lines
 */
export async function runSession(config, log) {
  const loader = await startLoader({ verbose: config.verbose })
  const workloads = {}
  try {
    for (const name of config.workloads) {
      const started = Date.now()
      log(`${name}:`)
      const result = await benchWorkload(name, config, loader, log)
      if (result) workloads[name] = result
      log(`  ${name} took ${((Date.now() - started) / 1000).toFixed(1)} s`)
    }
  } finally {
    loader.stop()
  }
  return { workloads }
}
