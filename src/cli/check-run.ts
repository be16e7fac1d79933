/**
 * `check`'s run (also bench's check first): every request to the three app processes, one
 * request at a time, and the verdict per request.
 */
import { UNKNOWN_PATH } from './bench-plan.js'
import { judge, type CheckResult } from './compare.js'
import { sendTo } from './http-client.js'
import type { Progress } from './progress.js'
import { headProbes, type CheckTarget } from './targets.js'

/** Paths no app is expected to route: their 404s are compared too. */
export const UNKNOWN_PATHS: readonly string[] = [UNKNOWN_PATH, `${UNKNOWN_PATH}/deeper?x=1`]

/** The ports of the app processes `check` compares: two vanilla (nondeterminism shows between them) and pulya. */
export interface CheckSides {
  vanilla: number
  vanillaAgain: number
  pulya: number
}

/** What `check` sends: the targets, then a HEAD per GET template, then the unknown paths. */
export function checkRequests(targets: readonly CheckTarget[]): CheckTarget[] {
  const unknown = UNKNOWN_PATHS.map((path): CheckTarget => ({
    template: 'unknown path',
    method: 'GET',
    path,
    headers: {},
    body: null,
    weight: 1
  }))
  return [...targets, ...headProbes(targets), ...unknown]
}

/**
 * Every request of checkRequests(targets) to the three processes, one at a time: each process
 * gets every request once and in the same order, so what a POST changes is the same in all
 * three. Per request pulya's answer comes between the two vanilla ones, so a value that only
 * moves with time (a timestamp) equal in both vanilla answers is equal in pulya's.
 * @param ignore - headers not compared (`--ignore-header`)
 * @param progress - told before each request and at the end
 * @example await runCheck({ vanilla: 4001, vanillaAgain: 4002, pulya: 4003 }, targets, [], () => undefined)
 */
export async function runCheck(
  sides: CheckSides,
  targets: readonly CheckTarget[],
  ignore: readonly string[],
  progress: Progress
): Promise<CheckResult[]> {
  const all = checkRequests(targets)
  const results: CheckResult[] = []
  for (const target of all) {
    progress(results.length, all.length, `check · ${target.method} ${target.path}`)
    const a = await sendTo(sides.vanilla, target)
    const c = await sendTo(sides.pulya, target)
    const b = await sendTo(sides.vanillaAgain, target)
    results.push(judge(target, a, b, c, ignore))
  }
  progress(results.length, all.length, 'check done')
  return results
}
