// Medians, bests and the ratios every report is about. Ratios are taken between contestants
// measured in the same run on the same Node major: never against an absolute number.

import { median } from '../../dist/esm/cli/bench-kit.js'

// One home for the median, shared with `pulya bench` (src/cli/median.ts).
export { median }

const MEDIAN_FIELDS = [
  'rps',
  'p50Ms',
  'p99Ms',
  'rssMb',
  'cpuUsPerReq',
  'serverCpu',
  'loaderCpu',
  'otherCores',
  'load1'
]

/** Median of each field over the rounds, the best round (highest req/s, lowest CPU/req), peak RSS. */
export function summariseRounds(rounds) {
  const medians = {}
  for (const field of MEDIAN_FIELDS) medians[field] = median(rounds.map((r) => r[field]))
  return {
    median: medians,
    peak: { rssMb: Math.max(...rounds.map((r) => r.rssMb)) },
    best: {
      rps: Math.max(...rounds.map((r) => r.rps)),
      cpuUsPerReq: Math.min(...rounds.map((r) => r.cpuUsPerReq))
    },
    // The loader saturating its core caps req/s: then req/s is only a lower bound.
    loaderBound: rounds.some((r) => r.loaderCpu > 0.9)
  }
}

function ratio(a, b) {
  return a != null && b ? a / b : null
}

/**
 * Ratios for one contestant against another (same workload, same Node major).
 * `cpu` is this CPU µs/req ÷ theirs (below 1 = cheaper), `rps` this req/s ÷ theirs
 * (above 1 = faster). `speed` turns both into "above 1 = better": the form thresholds use.
 */
export function compare(mine, theirs) {
  if (!mine || !theirs) return null
  const cpu = ratio(mine.median.cpuUsPerReq, theirs.median.cpuUsPerReq)
  const rps = ratio(mine.median.rps, theirs.median.rps)
  return {
    cpu,
    rps,
    speed: { cpu: cpu ? 1 / cpu : null, rps },
    paired: pairedSpeed(mine.rounds, theirs.rounds),
    pairedRange: pairedRange(mine.rounds, theirs.rounds)
  }
}

/**
 * The median of the per-round speed ratios: each round of one against the round of the other
 * with the same `round` number and `pass` (a re-run of the check is pass 1, 2, …; a round without
 * one is pass 0). Rounds are neighbours in time (A B … B A), so a burst of load elsewhere on the
 * machine slows both sides of one pair; the ratio of two medians can instead pair a quiet round
 * of one side with a loud round of the other. Null when the two share no round.
 */
export function pairedSpeed(mine, theirs) {
  const ratios = pairedRatios(mine, theirs)
  return ratios && { cpu: median(ratios.cpu), rps: median(ratios.rps) }
}

/**
 * The smallest and largest of the same per-round speed ratios as pairedSpeed: how far one
 * round's verdict can stray from the median. Null when the two share no round.
 * @returns {{ cpu: [number, number], rps: [number, number] } | null}
 */
export function pairedRange(mine, theirs) {
  const ratios = pairedRatios(mine, theirs)
  const range = (values) => [Math.min(...values), Math.max(...values)]
  return ratios && { cpu: range(ratios.cpu), rps: range(ratios.rps) }
}

// Each round of `mine` with the round of `theirs` of the same number and pass: the speed ratios.
function pairedRatios(mine, theirs) {
  if (!Array.isArray(mine) || !Array.isArray(theirs)) return null
  const key = (r) => `${r.pass ?? 0}:${r.round}`
  const byKey = new Map(theirs.map((r) => [key(r), r]))
  const pairs = mine.map((r) => [r, byKey.get(key(r))]).filter(([, t]) => t !== undefined)
  if (pairs.length === 0) return null
  return {
    cpu: pairs.map(([r, t]) => ratio(t.cpuUsPerReq, r.cpuUsPerReq)),
    rps: pairs.map(([r, t]) => ratio(r.rps, t.rps))
  }
}

/**
 * Adds `vsBase` (pulya vs its vanilla base), `vsRaw` (vs raw node:http) and `vsAgainst` (a
 * feature's variant vs the pulya variant without it) to each contestant summary of one workload.
 */
export function addRatios(contestants) {
  const find = (name, major) => contestants.find((c) => c.variant === name && c.nodeMajor === major)
  for (const c of contestants) {
    c.vsBase = c.base ? compare(c, find(c.base, c.nodeMajor)) : null
    c.vsRaw = c.variant === 'raw' ? null : compare(c, find('raw', c.nodeMajor))
    c.vsAgainst = c.against ? compare(c, find(c.against, c.nodeMajor)) : null
  }
  return contestants
}
