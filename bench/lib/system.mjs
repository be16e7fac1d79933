// What the machine was and how busy it was: recorded with every result, because a number
// from a shared 2-core machine means nothing without it.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, loadavg, release, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import { PINNING } from './procs.mjs'

/** The repository root (bench/lib/../..). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/**
 * Cumulative CPU jiffies from /proc/stat: busy (everything but idle and iowait) and total,
 * for the whole machine and per CPU. Linux only; elsewhere null.
 */
export function readCpuTimes() {
  let text
  try {
    text = readFileSync('/proc/stat', 'utf8')
  } catch {
    return null
  }
  const perCpu = []
  let all = null
  for (const line of text.split('\n')) {
    const match = /^cpu(\d*) +(.*)$/.exec(line)
    if (!match) continue
    const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = match[2]
      .split(/ +/)
      .map(Number)
    const busy = user + nice + system + irq + softirq + steal
    const entry = { busy, total: busy + idle + iowait }
    if (match[1] === '') all = entry
    else perCpu[Number(match[1])] = entry
  }
  return { all, perCpu }
}

/**
 * How busy the machine was between two readCpuTimes() snapshots.
 * @param {number} ownCpuSeconds CPU seconds our own server + loader used in the window
 * @param {number} wallSeconds the window's length
 * @returns {{ perCpuBusy: number[], otherCores: number } | null} otherCores: CPUs' worth of
 *   work by everything else on the machine (0 = quiet, 1 = a whole core stolen)
 */
export function cpuBusyBetween(before, after, ownCpuSeconds, wallSeconds) {
  if (!before || !after) return null
  const perCpuBusy = after.perCpu.map((cpu, i) => {
    const total = cpu.total - before.perCpu[i].total
    return total > 0 ? (cpu.busy - before.perCpu[i].busy) / total : 0
  })
  // Jiffies per second, measured rather than assumed (USER_HZ is usually 100).
  const hz = (after.all.total - before.all.total) / after.perCpu.length / wallSeconds
  const busySeconds = (after.all.busy - before.all.busy) / hz
  return { perCpuBusy, otherCores: Math.max(0, (busySeconds - ownCpuSeconds) / wallSeconds) }
}

/**
 * The Node majors of package.json's `engines` (`^20.0.0 || ^22.0.0 …` → [20, 22, …]).
 * @param {string} [range] the range; default: this repository's
 */
export function engineMajors(range = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')).engines.node) {
  return [...range.matchAll(/\^(\d+)\./g)].map((m) => Number(m[1]))
}

/** 1-minute load average. */
export function currentLoad() {
  return loadavg()[0]
}

/** Machine facts for the result file. */
export function machineInfo() {
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    // os.cpus(), not availableParallelism(): a process pinned by taskset sees only its own CPU.
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    platform: process.platform,
    loadavgAtStart: loadavg(),
    pinned: PINNING.available,
    pinningNote: PINNING.reason
  }
}

const PACKAGES = [
  'express',
  'express4',
  'koa',
  'koa2',
  '@koa/router',
  'fastify',
  'find-my-way',
  'router',
  'finalhandler',
  'path-to-regexp',
  'express4/node_modules/path-to-regexp',
  'helmet',
  'cors',
  'autocannon',
  'benchmark',
  '@opentelemetry/sdk-trace-node',
  '@opentelemetry/instrumentation-http',
  '@opentelemetry/instrumentation-express',
  '@opentelemetry/instrumentation-koa',
  '@opentelemetry/instrumentation-router'
]

/** Installed versions of the packages under test, read from node_modules. */
export function packageVersions() {
  const versions = {}
  for (const name of ['.', ...PACKAGES]) {
    const dir = name === '.' ? ROOT : `${ROOT}node_modules/${name}/`
    try {
      const pkg = JSON.parse(readFileSync(`${dir}package.json`, 'utf8'))
      versions[name === '.' ? pkg.name : name] = pkg.version
    } catch {
      versions[name] = null
    }
  }
  return versions
}

/** The commit under test and whether the work tree had changes (read-only git calls). */
export function gitInfo() {
  try {
    const git = (...args) =>
      execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    return { commit: git('rev-parse', 'HEAD'), dirty: git('status', '--porcelain').length > 0 }
  } catch {
    return { commit: null, dirty: null }
  }
}
