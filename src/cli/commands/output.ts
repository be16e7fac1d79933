/** What every command does with its results: text or `--json` on stdout, and `--out`'s files. */
import type { CliArgs } from '../args.js'
import { jsonText, writeReportFiles, type ReportFiles } from '../report-files.js'
import type { CommandContext } from './context.js'

/** A command's results in every form it gives them. */
export interface CommandReport extends ReportFiles {
  /** What stdout gets without --json. */
  text: string
}

/**
 * Prints `report` (JSON with --json, else its text) and writes `--out`'s files.
 * @example emitReport(report, parseArgs(['routes', 'app.js', '--out', 'report']), context)
 */
export function emitReport(
  report: CommandReport,
  args: Pick<CliArgs, 'json' | 'out'>,
  context: Pick<CommandContext, 'stdout'>
): void {
  context.stdout.write(args.json ? jsonText(report.json) : report.text)
  if (args.out !== undefined) writeReportFiles(args.out, report)
}
