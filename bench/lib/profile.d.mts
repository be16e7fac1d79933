// Types of profile.mjs for the tests (test/bench/profile.test.ts).
export const IDLE: string
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { url: string; functionName: string; lineNumber?: number } }>
  samples: number[]
  timeDeltas: number[]
  startTime: number
}
export interface PackageSums {
  packages: Map<string, number>
  functions: Map<string, number>
  samples: number
  idle: number
  spanUs: number
}
export interface Row {
  name: string
  cells: Array<{ samples: number; share: number }>
}
export function packageOf(url: string, functionName: string, root: string): string
export function sampleTimes(profile: CpuProfile): number[]
export function samplesByPackage(
  profile: CpuProfile,
  root: string,
  window?: { fromUs?: number; toUs?: number }
): PackageSums
export function compareRows(sides: Array<Pick<PackageSums, 'packages' | 'samples'>>): Row[]
export function topRows(rows: Row[], limit: number): { shown: Row[]; rest: Row | null }
