/**
 * `pulya check <app>`: the app three times (twice vanilla, once with pulya), served as in
 * production, the same requests to each, the answers compared; exit 1 when pulya's differs.
 */
import { firstLine } from '../app-loader.js'
import type { CliArgs } from '../args.js'
import { checkDoc, checkReport } from '../check-report.js'
import { kindNamed } from '../app-kinds/index.js'
import { ownVersion } from '../own-version.js'
import { progressBar } from '../progress.js'
import { servingText } from '../serving.js'
import { buildTargets, readSources } from '../sources.js'
import { UNKNOWN_TEMPLATE } from '../check-run.js'
import { unreachedWarning } from '../statuses.js'
import { checkApps } from './check-apps.js'
import type { CommandContext } from './context.js'
import { explainDocOf } from './explain.js'
import { emitReport } from './output.js'

/**
 * Runs the check and prints one line per request with its status, then the tallies and a
 * summary of what pulya does for the app (or JSON);
 * 0 when every answer is the same (or nondeterministic), 1 when one differs.
 * @throws UsageError, LoadError (exit 2); AppFailure when a request crashes or hangs a process
 * @example await checkCommand(parseArgs(['check', './app.js']), context)
 */
export async function checkCommand(args: CliArgs, context: CommandContext): Promise<number> {
  const sources = await readSources(args)
  const [vanilla, vanillaAgain, pulya] = await Promise.all([
    context.launcher.startApp('vanilla', args),
    context.launcher.startApp('vanilla', args),
    context.launcher.startApp('pulya', args)
  ])
  const { targets } = await buildTargets(args, sources, vanilla)
  const { results, failure } = await checkApps(
    { vanilla, vanillaAgain, pulya },
    targets,
    args,
    progressBar(context.stderr)
  )
  const warning = unreachedWarning(results.filter((r) => r.template !== UNKNOWN_TEMPLATE))
  const warnings = warning === null ? [] : [warning]
  // After the run, the pulya process has met the app as a running one has; not when it failed.
  // The check's verdict stands without the summary: an explain that fails is a warning.
  const explanation =
    failure === null
      ? await pulya.explain().catch((error: unknown) => {
          warnings.push(`pulya: ${firstLine(error)} (the check itself is complete)`)
          return null
        })
      : null
  const doc = checkDoc({
    app: args.app,
    pulyaVersion: ownVersion(),
    serving: servingText(vanilla.serving, kindNamed(vanilla.kind)),
    host: args.headers['host'] ?? null,
    results,
    warnings,
    failure: failure === null ? null : { message: failure.message, details: [...failure.details] },
    explain: explanation === null ? null : explainDocOf(args.app, pulya, explanation)
  })
  emitReport(checkReport(doc), args, context)
  for (const line of doc.warnings) context.stderr.write(`${line}\n`)
  if (failure !== null) throw failure
  return results.some((r) => r.verdict === 'differs') ? 1 : 0
}
