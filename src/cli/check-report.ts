/**
 * `check`'s report: every answer with its verdict and status, the tally by status class, how
 * the app was served and with which Host, and the warnings; as text, JSON, Markdown and HTML.
 * Pure: tested in-process.
 */
import type { CommandReport } from './commands/output.js'
import { formatResults, statusText, verdictCounts, type CheckResult } from './compare.js'
import { explainSummary, type ExplainDoc } from './explain-report.js'
import { pageHtml, pageMarkdown, type Page } from './report-page.js'
import { DEFAULT_HOST } from './request-defaults.js'
import { formatStatuses, summariseStatuses, type StatusSummary } from './statuses.js'

/** What `check --json` prints (and results.json holds). */
export interface CheckDoc {
  app: string
  pulyaVersion: string
  /** How the app processes served the app: `app.listen() (listen mode): …`. */
  serving: string
  /** The Host `--header` gave every request; null: the sample's or the HAR's, else DEFAULT_HOST. */
  host: string | null
  results: CheckResult[]
  statuses: StatusSummary
  /** Lines also printed on stderr: answers that never reached a handler. */
  warnings: string[]
  /** The request that crashed or hung a process, when one did; the results stop before it. */
  failure: { message: string; details: string[] } | null
  /** What pulya does for the app, asked of the pulya process after the run; null when it could not say. */
  explain: ExplainDoc | null
}

/** Builds the document from the run's parts. */
export function checkDoc(parts: Omit<CheckDoc, 'statuses'>): CheckDoc {
  return { ...parts, statuses: summariseStatuses(parts.results) }
}

/** The Host line: what every request carried (`given`: the Host of `--header`). */
export function hostLine(given: string | null): string {
  return given === null
    ? `Host: the sample's or the HAR's, else ${DEFAULT_HOST}, the same in every process (--header 'Host: …' sets one)`
    : `Host: ${given} (--header), the same for every request in every process`
}

/** The summary lines under the results. */
function summaryLines(doc: CheckDoc): string[] {
  return [
    formatStatuses(doc.statuses),
    `served as ${doc.serving}`,
    hostLine(doc.host),
    `pulya ${doc.pulyaVersion}`,
    ...(doc.explain === null ? [] : explainSummary(doc.explain))
  ]
}

/** The report in every form. */
export function checkReport(doc: CheckDoc): CommandReport {
  const page: Page = {
    title: `pulya check: ${doc.app}`,
    blocks: [
      { lines: [verdictCounts(doc.results), ...summaryLines(doc), ...doc.warnings] },
      ...(doc.failure === null ? [] : [{ pre: [doc.failure.message, ...doc.failure.details].join('\n') }]),
      {
        table: {
          header: ['verdict', 'status', 'method', 'path', 'template', 'differences'],
          rows: doc.results.map((r) => [
            r.verdict,
            statusText(r.status),
            r.method,
            r.path,
            r.template,
            r.diff.join('\n')
          ])
        }
      }
    ]
  }
  return {
    text: formatResults(doc.results) + summaryLines(doc).join('\n') + '\n',
    markdown: pageMarkdown(page),
    html: pageHtml(page),
    json: doc
  }
}
