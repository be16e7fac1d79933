/**
 * A failure of the user's app under the command: one line saying what happened and which
 * process, the app's last stderr lines to show under it, and the exit code it means.
 */

/** The exit code of a failure: 1 when pulya made the difference, 2 when the app fails without it. */
export type FailureExit = 1 | 2

/** main prints `message`, then `details` indented, and exits with `exitCode`. */
export class AppFailure extends Error {
  constructor(
    message: string,
    readonly details: readonly string[],
    readonly exitCode: FailureExit
  ) {
    super(message)
  }
}

/** The lines under a failure: the process's last stderr lines, or that it wrote none. */
export function stderrLines(label: string, tail: readonly string[]): string[] {
  return tail.length === 0
    ? [`(${label} wrote nothing on stderr)`]
    : [`${label}, last lines on stderr:`, ...tail.map((l) => `  ${l}`)]
}

function requests(n: number): string {
  return `${n} request${n === 1 ? '' : 's'}`
}

/** What requestFailure needs of the failed request. */
export interface FailedRequest {
  message: string
  /** Which process: the vanilla ones mean the app fails without pulya. */
  side: 'vanilla' | 'vanillaAgain' | 'pulya' | 'pulyaServer'
  /** How many requests were compared before it. */
  compared: number
  /** The first vanilla process's status for it, when it answered. */
  vanillaStatus: number | null
}

/**
 * The failure for a request that crashed or hung an app process: exit 2 when a vanilla
 * process failed (the app fails without pulya: nothing to compare), 1 when only pulya's did
 * (a difference pulya makes).
 * @example requestFailure({ message: 'GET /boom crashed the vanilla app process (it exited with code 1)', side: 'vanilla', compared: 3, vanillaStatus: null }, app)
 */
export function requestFailure(
  failed: FailedRequest,
  app: { label: string; stderrTail(): string[] }
): AppFailure {
  const details = stderrLines(app.label, app.stderrTail())
  if (failed.side === 'vanilla' || failed.side === 'vanillaAgain')
    return new AppFailure(
      `pulya: ${failed.message}: the app fails there without pulya, so the check stopped after ${requests(failed.compared)}; give the route a request it can answer (--samples) or fix the app`,
      details,
      2
    )
  return new AppFailure(
    `pulya: ${failed.message} where vanilla answered ${failed.vanillaStatus ?? '?'}: a difference pulya makes (the check stopped after ${requests(failed.compared)})`,
    details,
    1
  )
}
