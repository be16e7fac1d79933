// Types of stats.mjs for the TypeScript tests (test/bench/stats.test.ts); the benchmark code itself is JavaScript.

/** One measured window of one contestant. */
export interface Round {
  round: number
  /** 0 (or absent) for the first pass; 1, 2, … for bench:check's re-runs. */
  pass?: number
  cpuUsPerReq: number
  rps: number
}

export interface Speed {
  cpu: number | null
  rps: number | null
}

export function median(values: readonly unknown[]): number | null
export function pairedSpeed(
  mine: readonly Round[] | undefined,
  theirs: readonly Round[] | undefined
): Speed | null
export function pairedRange(
  mine: readonly Round[] | undefined,
  theirs: readonly Round[] | undefined
): { cpu: [number, number]; rps: [number, number] } | null

/** A contestant's summary, as `addRatios` reads and extends it (a subset). */
export interface Contestant {
  variant: string
  base: string | null
  against?: string | null
  nodeMajor: number
  median: { cpuUsPerReq: number; rps: number }
  rounds: Round[]
  vsBase?: { paired: Speed | null } | null
  vsRaw?: { paired: Speed | null } | null
  vsAgainst?: { cpu: number | null; paired: Speed | null } | null
}

export function addRatios<T extends Contestant>(contestants: T[]): T[]
