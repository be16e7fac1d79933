/**
 * The check as check and bench run it over their started app processes: every request, and a
 * request that crashes or hangs a process turned into the AppFailure the command ends with
 * (after it has shown the results before it).
 */
import { requestFailure, type AppFailure } from '../app-failure.js'
import type { CliArgs } from '../args.js'
import { RequestFailure, runCheck } from '../check-run.js'
import type { AppProcess } from '../child-processes.js'
import type { CheckResult } from '../compare.js'
import type { Progress } from '../progress.js'
import type { CheckTarget } from '../targets.js'

/** The processes compared: AppProcess for each side of CheckSides. */
export interface CheckedApps {
  vanilla: AppProcess
  vanillaAgain: AppProcess
  pulya: AppProcess
  pulyaServer?: AppProcess
}

/**
 * Runs the check; a RequestFailure ends it with the results so far and the failure to end the
 * command with. @throws what is not a RequestFailure
 * @example const { results, failure } = await checkApps(apps, targets, args, progressBar(process.stderr))
 */
export async function checkApps(
  apps: CheckedApps,
  targets: readonly CheckTarget[],
  args: Pick<CliArgs, 'ignoreHeaders' | 'headers' | 'timeoutS'>,
  progress: Progress
): Promise<{ results: CheckResult[]; failure: AppFailure | null }> {
  try {
    const results = await runCheck(apps, targets, {
      ignore: args.ignoreHeaders,
      headers: args.headers,
      timeoutMs: args.timeoutS * 1000,
      progress
    })
    return { results, failure: null }
  } catch (error) {
    if (!(error instanceof RequestFailure)) throw error
    const failure = requestFailure(
      {
        message: error.message,
        side: error.side,
        compared: error.results.length,
        vanillaStatus: error.vanillaAnswer?.status ?? null
      },
      apps[error.side] as AppProcess
    )
    return { results: error.results, failure }
  }
}
