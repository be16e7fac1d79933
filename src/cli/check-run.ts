/**
 * `check`'s run (also bench's check first): every request to the app processes, one request
 * at a time, and the verdict per request; a request that crashes or hangs a process stops the
 * run, naming the request and the process.
 */
import { UNKNOWN_PATH } from './bench-plan.js'
import { judge, type Answer, type Answers, type CheckResult } from './compare.js'
import { NoAnswer, sendTo } from './http-client.js'
import type { Progress } from './progress.js'
import { runHeaders } from './request-defaults.js'
import { headProbes, type CheckTarget } from './targets.js'

/** Paths no app is expected to route: their 404s are compared too. */
export const UNKNOWN_PATHS: readonly string[] = [UNKNOWN_PATH, `${UNKNOWN_PATH}/deeper?x=1`]

/** The template of the unknown-path requests. */
export const UNKNOWN_TEMPLATE = 'unknown path'

/** An app process as the check sees it: its port, its name, and whether it is still up. */
export interface CheckSide {
  label: string
  port: number
  /** null while the process is up, else how it ended (AppProcess.ended). */
  ended(): Promise<string | null>
}

/** The app processes `check` compares: two vanilla (nondeterminism shows between them) and pulya. */
export interface CheckSides {
  vanilla: CheckSide
  vanillaAgain: CheckSide
  pulya: CheckSide
  /** pulya under its own server (bench in handler mode): checked before it is measured. */
  pulyaServer?: CheckSide
}

/** What the run is told besides its requests. */
export interface CheckOptions {
  /** Headers not compared (`--ignore-header`). */
  ignore: readonly string[]
  /** `--header`s: the unknown-path requests carry them too (the targets already do). */
  headers: Readonly<Record<string, string>>
  /** How long one answer may take (`--timeout`). */
  timeoutMs: number
  /** Told before each request and at the end. */
  progress: Progress
}

/** A request that crashed or hung an app process: the run stops there. */
export class RequestFailure extends Error {
  constructor(
    message: string,
    /** The process that failed. */
    readonly side: keyof CheckSides,
    readonly target: CheckTarget,
    /** The results of the requests before it. */
    readonly results: CheckResult[],
    /** The first vanilla process's answer to it, when it gave one. */
    readonly vanillaAnswer: Answer | null
  ) {
    super(message)
  }
}

/** What `check` sends: the targets, then a HEAD per GET template, then the unknown paths. */
export function checkRequests(
  targets: readonly CheckTarget[],
  headers: Readonly<Record<string, string>> = {}
): CheckTarget[] {
  const unknown = UNKNOWN_PATHS.map((path): CheckTarget => ({
    template: UNKNOWN_TEMPLATE,
    method: 'GET',
    path,
    headers: runHeaders({}, headers),
    body: null,
    weight: 1
  }))
  return [...targets, ...headProbes(targets), ...unknown]
}

/**
 * One answer from `side`. An error is judged by whether the process is still up: gone or
 * hung, the run stops (RequestFailure); up, it closed the connection on purpose, an answer
 * (status 0) compared like any other.
 */
async function answerOf(
  sides: CheckSides,
  side: keyof CheckSides,
  target: CheckTarget,
  context: { timeoutMs: number; results: CheckResult[]; vanilla: Answer | null }
): Promise<Answer> {
  const app = sides[side] as CheckSide
  try {
    return await sendTo(app.port, target, context.timeoutMs)
  } catch (error) {
    const timedOut = error instanceof NoAnswer && error.timedOut
    const ended = timedOut ? null : await app.ended()
    if (!timedOut && ended === null) return { status: 0, headers: {}, body: Buffer.alloc(0) }
    const what = timedOut
      ? `got no answer from ${app.label} within ${context.timeoutMs / 1000} s`
      : `crashed ${app.label} (it ${ended as string})`
    throw new RequestFailure(
      `${target.method} ${target.path} ${what}`,
      side,
      target,
      context.results,
      context.vanilla
    )
  }
}

/**
 * Every request of checkRequests(targets) to the processes, one at a time: each process gets
 * every request once and in the same order, so what a POST changes is the same in all. Per
 * request pulya's answer comes between the two vanilla ones, so a value that only moves with
 * time (a timestamp) equal in both vanilla answers is equal in pulya's.
 * @throws RequestFailure when a request crashes or hangs a process
 * @example await runCheck(sides, targets, { ignore: [], headers: {}, timeoutMs: 30_000, progress: () => undefined })
 */
export async function runCheck(
  sides: CheckSides,
  targets: readonly CheckTarget[],
  options: CheckOptions
): Promise<CheckResult[]> {
  const all = checkRequests(targets, options.headers)
  const results: CheckResult[] = []
  for (const target of all) {
    options.progress(results.length, all.length, `check · ${target.method} ${target.path}`)
    const context = { timeoutMs: options.timeoutMs, results, vanilla: null as Answer | null }
    const vanilla = await answerOf(sides, 'vanilla', target, context)
    context.vanilla = vanilla
    const pulya = await answerOf(sides, 'pulya', target, context)
    const pulyaServer =
      sides.pulyaServer === undefined ? undefined : await answerOf(sides, 'pulyaServer', target, context)
    const vanillaAgain = await answerOf(sides, 'vanillaAgain', target, context)
    const answers: Answers = { vanilla, vanillaAgain, pulya }
    if (pulyaServer !== undefined) answers.pulyaServer = pulyaServer
    results.push(judge(target, answers, options.ignore))
  }
  options.progress(results.length, all.length, 'check done')
  return results
}
