/**
 * `pulya explain <app>`: one pulya app process, served as in production, asked what pulya does
 * for the app — per router and response feature, and why not where it does not.
 */
import type { AppExplanation } from '../../core/explain.js'
import { kindNamed } from '../app-kinds/index.js'
import { LoadError } from '../app-loader.js'
import type { CliArgs } from '../args.js'
import type { AppProcess } from '../child-processes.js'
import { explainReport, type ExplainDoc } from '../explain-report.js'
import { ownVersion } from '../own-version.js'
import { serverNote, servingText } from '../serving.js'
import type { CommandContext } from './context.js'
import { emitReport } from './output.js'

/** The document of `explanation`, with how `pulya` (the process explained) serves the app. */
export function explainDocOf(app: string, pulya: AppProcess, explanation: AppExplanation): ExplainDoc {
  const kind = kindNamed(pulya.kind)
  return {
    app,
    pulyaVersion: ownVersion(),
    serving: servingText(pulya.serving, kind),
    server: serverNote(pulya.serving.mode, kind.pulyaServer),
    explanation
  }
}

/**
 * Prints what pulya does for the app; exit code 0. @throws LoadError (exit 2) when the app cannot
 * be loaded, has nothing registered, or is of a kind explain does not know
 * @example await explainCommand(parseArgs(['explain', './app.js']), context) // 0
 */
export async function explainCommand(args: CliArgs, context: CommandContext): Promise<number> {
  const pulya = await context.launcher.startApp('pulya', args)
  const explanation = await pulya.explain()
  if (explanation === null)
    throw new LoadError(`pulya: explain does not know ${kindNamed(pulya.kind).title} apps yet`)
  emitReport(explainReport(explainDocOf(args.app, pulya, explanation)), args, context)
  return 0
}
