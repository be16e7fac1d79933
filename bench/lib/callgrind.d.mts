// Types of callgrind.mjs for the tests (test/bench/callgrind.test.ts).
export interface CallgrindParts {
  total: number
  compiler: number
  gc: number
  sampler: number
  byFunction: Map<string, number>
}
export function readCallgrind(file: string): CallgrindParts
