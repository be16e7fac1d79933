// Types of system.mjs for the tests (test/bench/system.test.ts): the parts they use.
export const ROOT: string
export function engineMajors(range?: string): number[]
