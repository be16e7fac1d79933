// Types of workloads.mjs for the tests (test/bench/workloads.test.ts, realistic.test.ts): the parts they use.
export interface LoadRequest {
  method: string
  path: string
  headers?: Record<string, string>
  body?: string
}
export interface Check {
  method: string
  path: string
  status: number
  body?: string | Record<string, string>
  headers?: Record<string, string | RegExp | undefined>
  contains?: string | Record<string, string>
  send?: { headers?: Record<string, string>; body?: string }
}
export interface MixEntry extends Check {
  name: string
  weight: number
}
export interface Workload {
  name: string
  app: string | null
  load: { rounds: number; warmupS: number; durationS: number; connections: number; nodes: string } | null
  requests: LoadRequest[]
  checks: Check[]
  volatile: Record<string, RegExp>
}
export const REALISTIC_MIX: MixEntry[]
export function weightedOrder<T extends { weight: number }>(entries: T[]): T[]
export function sessionCookie(session: { cookieName: string; id: string; secret: string }): string
export function koaSignedCookie(name: string, value: string, key: string): string
export function getWorkload(name: string): Workload
export function expectedStatuses(workload: Workload): number[]
