/**
 * The words of bench's report about serving, for both reports (Markdown and HTML): how the app
 * was served and what that means for pulya, the check's tally, and — in handler mode — why the
 * report also measures pulya's own server, with the one line of code to change (its table's
 * rows are bench-report.ts's serverRows).
 */
import type { BenchMeta, BenchServing } from './bench-report.js'

/** `Check before the run: …`. */
export function checkText(check: BenchMeta['check']): string {
  if (check === null) return 'Check before the run: skipped (--skip-check)'
  return (
    `Check before the run: ${check.requests} requests, ${check.same} same, ${check.nondeterministic} nondeterministic, none differ` +
    (check.statuses === undefined ? '' : `; ${check.statuses}`)
  )
}

/** `Served as: …` and what it means for pulya's server classes; none for files from before 0.2. */
export function servingLines(serving: BenchServing | undefined): string[] {
  return serving === undefined ? [] : [`Served as ${serving.text}`, serving.note]
}

/** The header of the pulya's-own-server table. */
export const SERVER_TABLE_HEADER = [
  'workload',
  'pulya speed-up',
  'with createServer',
  'pulya CPU speed-up',
  'with createServer'
]

/** The paragraph above that table: why it is there, and the line to change. */
export function serverIntro(code: { from: string; to: string }): string[] {
  return [
    `Your code creates the server (${code.from}), so pulya's server classes do not apply: the table above is what app.use(pulya()) gives as the app runs now. Letting pulya create the server gives them too — one line:`,
    `${code.from}  →  ${code.to}`
  ]
}

/** The section's title. */
export const SERVER_TITLE = "With pulya's own server"
