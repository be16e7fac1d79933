/**
 * `pulya check <app>`: the app three times (twice vanilla, once with pulya), the same requests
 * to each, the answers compared; exit 1 when pulya's differs.
 */
import type { CliArgs } from '../args.js'
import { runCheck } from '../check-run.js'
import { formatResults } from '../compare.js'
import { progressBar } from '../progress.js'
import { buildTargets, readSources } from '../sources.js'
import type { CommandContext } from './context.js'

/**
 * Runs the check and prints one line per request (or JSON); 0 when every answer is the same
 * (or nondeterministic), 1 when one differs. @throws UsageError, LoadError (exit 2)
 * @example await checkCommand(parseArgs(['check', './app.js']), context)
 */
export async function checkCommand(args: CliArgs, context: CommandContext): Promise<number> {
  const sources = await readSources(args)
  const [vanilla, vanillaAgain, withPulya] = await Promise.all([
    context.launcher.startApp('vanilla', args),
    context.launcher.startApp('vanilla', args),
    context.launcher.startApp('pulya', args)
  ])
  const { targets } = await buildTargets(args, sources, vanilla)
  const results = await runCheck(
    { vanilla: vanilla.port, vanillaAgain: vanillaAgain.port, pulya: withPulya.port },
    targets,
    args.ignoreHeaders,
    progressBar(context.stderr)
  )
  context.stdout.write(args.json ? JSON.stringify({ results }, null, 2) + '\n' : formatResults(results))
  return results.some((r) => r.verdict === 'differs') ? 1 : 0
}
