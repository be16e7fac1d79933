/**
 * What the statuses of `check`'s answers say: "123 same" reads the same whether the handlers
 * ran or every request got 401, so the check counts its answers by status class and warns
 * when most of them never reached a handler. Pure: tested in-process.
 */
import type { CheckResult } from './compare.js'

/** Status classes in the order shown; `closed`: the app closed the connection without answering. */
const CLASSES = ['2xx', '3xx', '4xx', '5xx', 'closed'] as const

/** The answers per status class, and per status within each class. */
export interface StatusSummary {
  classes: Record<(typeof CLASSES)[number], number>
  /** Every status seen, `404` → count (`0` for closed). */
  statuses: Record<string, number>
}

function classOf(status: number): (typeof CLASSES)[number] {
  if (status >= 200 && status < 300) return '2xx'
  if (status >= 300 && status < 400) return '3xx'
  if (status >= 500) return '5xx'
  // 1xx never ends an answer; 0 is a closed connection.
  return status === 0 ? 'closed' : '4xx'
}

/** Counts the first vanilla answer of each result. */
export function summariseStatuses(results: readonly Pick<CheckResult, 'status'>[]): StatusSummary {
  const summary: StatusSummary = {
    classes: { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, closed: 0 },
    statuses: {}
  }
  for (const { status } of results) {
    summary.classes[classOf(status)]++
    summary.statuses[status] = (summary.statuses[status] ?? 0) + 1
  }
  return summary
}

/**
 * `statuses: 2xx 38, 3xx 0, 4xx 4 (401 ×3, 404 ×1), 5xx 0`: each class, and its statuses when
 * a class holds other than 200.
 */
export function formatStatuses(summary: StatusSummary): string {
  const parts = CLASSES.filter((c) => c !== 'closed' || summary.classes.closed > 0).map((c) => {
    const inClass = Object.entries(summary.statuses)
      .filter(([status]) => classOf(Number(status)) === c && c !== 'closed')
      .map(([status, n]) => `${status} ×${n}`)
    const detail =
      inClass.length > 1 || (inClass.length === 1 && !inClass[0]?.startsWith('200 '))
        ? ` (${inClass.join(', ')})`
        : ''
    return `${c} ${summary.classes[c]}${detail}`
  })
  return `statuses: ${parts.join(', ')}`
}

/** Statuses that say a request never reached the handler the check meant it for. */
function unreached(status: number): boolean {
  return status === 401 || status === 403 || status === 404 || status >= 500 || status === 0
}

/**
 * A warning when more than half of the answers (the deliberately unknown paths left out) are
 * 401, 403, 404, 5xx or closed connections, naming the commonest; null otherwise.
 * @param results - the results of the requests meant for the app's routes
 */
export function unreachedWarning(results: readonly Pick<CheckResult, 'status'>[]): string | null {
  const missed = results.filter((r) => unreached(r.status))
  if (results.length === 0 || missed.length * 2 <= results.length) return null
  const top = Object.entries(summariseStatuses(missed).statuses)
    .sort((a, b) => b[1] - a[1])
    .map(([status, n]) => `${status === '0' ? 'closed' : status} ×${n}`)
    .join(', ')
  return (
    `pulya: ${missed.length} of ${results.length} answers were 401/403/404/5xx (${top}): did the requests reach your handlers? ` +
    "An API behind a login needs --header 'Authorization: Bearer …'; routes whose ids must exist need --samples"
  )
}
