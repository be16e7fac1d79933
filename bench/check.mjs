// `npm run bench:check`: the quick CI ratio check, under 3 minutes on this Node only.
//
// Runs the key workloads on each framework with and without pulya in the same session
// (neighbours in A B … then … B A order), and fails with exit 1 when a pulya/vanilla speed
// ratio is below its threshold in bench/check.config.json. The ratio judged is the median of
// the per-round ratios (each round of pulya against the neighbouring round of its vanilla base),
// which a burst of load elsewhere cannot tilt the way it tilts a ratio of two medians; the
// ratio of the medians stands in only where the two sides share no round.
// Ratios only: an absolute time is never asserted. After the first pass, a failing pair is measured again
// (`retries` times, only while the check has run under `retryWithinS` seconds) and its
// rounds pooled before the verdict, so one noisy burst on a shared machine does not fail CI.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { resolveNode } from './lib/procs.mjs'
import { runSession } from './lib/session.mjs'
import { addRatios, summariseRounds } from './lib/stats.mjs'
import { ROOT, gitInfo, machineInfo, packageVersions } from './lib/system.mjs'
import { getVariant } from './http/variants.mjs'

const CONFIG_FILE = `${ROOT}bench/check.config.json`
const RESULT_FILE = `${ROOT}bench/results/check-latest.json`

function loadConfig() {
  const config = JSON.parse(readFileSync(CONFIG_FILE, 'utf8'))
  for (const workload of config.workloads) {
    for (const [variant, limits] of Object.entries(config.thresholds[workload] ?? {})) {
      if (!getVariant(variant).base)
        throw new TypeError(`${CONFIG_FILE}: ${variant} has no vanilla base to compare with`)
      for (const metric of ['cpu', 'rps']) {
        if (typeof limits[metric] !== 'number')
          throw new TypeError(`${CONFIG_FILE}: ${workload}.${variant}.${metric} must be a number`)
      }
    }
  }
  return config
}

/** Every threshold of one workload, judged on its contestants. */
function judge(workload, contestants, thresholds) {
  return Object.entries(thresholds[workload] ?? {}).map(([variant, limits]) => {
    const c = contestants.find((x) => x.variant === variant)
    const speed = c?.vsBase?.paired ?? c?.vsBase?.speed ?? null
    const pass = speed != null && speed.cpu >= limits.cpu && speed.rps >= limits.rps
    return {
      workload,
      variant,
      base: getVariant(variant).base,
      speed,
      limits,
      rounds: c?.rounds.length ?? 0,
      pass
    }
  })
}

// Pools the rounds of a re-run (pass 1, 2, …) into the first run's, per (variant, node), and
// re-summarises. Each round keeps its pass, so a round is only ever paired with its neighbour
// of the same pass, even when a base was re-run for one variant and not for another.
function pool(first, again, pass) {
  const merged = first.contestants.map((c) => {
    const extra = again.contestants.find((x) => x.variant === c.variant && x.nodeMajor === c.nodeMajor)
    const rounds = extra ? [...c.rounds, ...extra.rounds.map((r) => ({ ...r, pass }))] : c.rounds
    return { ...c, ...summariseRounds(rounds), rounds }
  })
  return { notes: [...first.notes, ...again.notes], contestants: addRatios(merged) }
}

function pad(text, width) {
  return String(text).padEnd(width)
}

function printTable(verdicts) {
  const x = (n) => (n == null ? '–' : `${n.toFixed(2)}×`)
  const lines = [
    `${pad('workload', 13)}${pad('pulya vs vanilla', 34)}${pad('CPU speed', 11)}${pad('min', 7)}${pad('req/s speed', 13)}${pad('min', 7)}${pad('rounds', 8)}result`
  ]
  for (const v of verdicts) {
    lines.push(
      `${pad(v.workload, 13)}${pad(`${v.variant} / ${v.base}`, 34)}${pad(x(v.speed?.cpu), 11)}${pad(v.limits.cpu, 7)}` +
        `${pad(x(v.speed?.rps), 13)}${pad(v.limits.rps, 7)}${pad(v.rounds, 8)}${v.pass ? 'ok' : 'FAIL'}`
    )
  }
  process.stdout.write(`\n${lines.join('\n')}\n`)
  process.stdout.write(
    'speed: CPU = vanilla µs/req ÷ pulya µs/req, req/s = pulya ÷ vanilla, median over rounds of the ' +
      'per-round ratios; above 1× means pulya is faster\n'
  )
}

async function main() {
  const started = Date.now()
  const config = loadConfig()
  const node = resolveNode(Number(process.versions.node.split('.')[0]))
  const session = {
    variants: config.variants.map(getVariant),
    nodes: [node],
    rounds: config.rounds,
    warmupS: config.warmupS,
    rewarmS: config.rewarmS,
    durationS: config.durationS,
    connections: config.connections,
    alternate: true
  }
  const log = (line) => process.stderr.write(`${line}\n`)
  const workloads = {}
  const verdicts = {}
  for (const workload of config.workloads) {
    workloads[workload] = (await runSession({ ...session, workloads: [workload] }, log)).workloads[workload]
    verdicts[workload] = judge(workload, workloads[workload].contestants, config.thresholds)
  }
  // Second looks last, and only while the whole check stays within its 3-minute budget.
  for (let retry = 0; retry < config.retries; retry++) {
    for (const workload of config.workloads) {
      const failing = verdicts[workload].filter((v) => !v.pass)
      if (failing.length === 0 || (Date.now() - started) / 1000 > config.retryWithinS) continue
      log(
        `${workload}: below threshold for ${failing.map((v) => v.variant).join(', ')}; measuring those pairs again`
      )
      const variants = [...new Set(failing.flatMap((v) => [v.base, v.variant]))].map(getVariant)
      const again = (await runSession({ ...session, variants, workloads: [workload] }, log)).workloads[
        workload
      ]
      workloads[workload] = pool(workloads[workload], again, retry + 1)
      verdicts[workload] = judge(workload, workloads[workload].contestants, config.thresholds)
    }
  }
  const elapsedS = (Date.now() - started) / 1000
  mkdirSync(`${ROOT}bench/results`, { recursive: true })
  writeFileSync(
    RESULT_FILE,
    `${JSON.stringify(
      {
        meta: {
          startedAt: new Date(started).toISOString(),
          elapsedS,
          git: gitInfo(),
          machine: machineInfo(),
          node,
          packages: packageVersions()
        },
        config,
        verdicts: Object.values(verdicts).flat(),
        workloads
      },
      null,
      2
    )}\n`
  )
  const all = Object.values(verdicts).flat()
  printTable(all)
  const failed = all.filter((v) => !v.pass)
  process.stdout.write(
    `bench:check ${failed.length ? 'FAILED' : 'passed'}: ${all.length - failed.length} of ${all.length} ratios ` +
      `at or above their thresholds, in ${elapsedS.toFixed(0)} s (details: bench/results/check-latest.json)\n`
  )
  process.exitCode = failed.length ? 1 : 0
}

main().catch((err) => {
  process.stderr.write(`bench:check failed: ${err?.stack ?? err}\n`)
  process.exit(1)
})
