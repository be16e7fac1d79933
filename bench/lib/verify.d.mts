// Types of verify.mjs for the tests (test/bench/verify.test.ts, realistic.test.ts).
import type { Agent } from 'node:http'
import type { Check, Workload } from '../http/workloads.mjs'
export interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  raw: Buffer
  body: string
}
export function fetchOnce(port: number, check: Check, agent?: Agent): Promise<Answer>
export function findCheckProblem(check: Check, family: string, answer: Answer): string | null
export function findIdentityProblem(
  answer: Answer,
  baseAnswer: Answer,
  volatile?: Record<string, RegExp>
): string | null
export function verifyContestants(
  workload: Workload,
  contestants: Array<{
    variant: { name: string; family: string; base: string | null }
    node: { major: number }
    server: { port: number }
  }>
): Promise<string[]>
