/**
 * Compares what vanilla and pulya produced for one request and explains each difference.
 * @module
 */
import type { DiffRequest, Observed } from './_send.js'

/** One observable difference between vanilla and pulya. */
export interface Difference {
  /** Index of the step in the scenario; -1 for the build. */
  readonly step: number
  readonly request: DiffRequest | null
  /** The side compared with vanilla: `'pulya'`, or a name such as `'pulya Router'` when several are. */
  readonly side: string
  /** `observed`: what the runner's `observe` hook read from the app after the request. */
  readonly field: 'build' | 'outcome' | 'status' | 'statusMessage' | 'headers' | 'body' | 'logs' | 'observed'
  readonly vanilla: string
  readonly pulya: string
  /** Readable: what was requested, what each side produced, where they part. */
  readonly message: string
}

const CONTEXT = 60

function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text
}

function describeRequest(req: DiffRequest): string {
  const headers = req.headers === undefined ? '' : ` ${JSON.stringify(req.headers)}`
  const body = req.body === undefined ? '' : ` body=${clip(JSON.stringify(req.body.toString()), 80)}`
  const conditional = req.ifNoneMatchPrevious === true ? ' (If-None-Match: previous ETag)' : ''
  return `${req.method} ${clip(req.path, 200)}${headers}${body}${conditional}`
}

/** Header pairs as `Name: value` lines; the `Date` value varies by second, so only its place counts. */
function headerLines(raw: readonly string[], ignoreLength: boolean): string[] {
  const lines: string[] = []
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? ''
    const lower = name.toLowerCase()
    const value =
      lower === 'date'
        ? '<date>'
        : ignoreLength && lower === 'content-length'
          ? '<normalized>'
          : (raw[i + 1] ?? '')
    lines.push(`${name}: ${value}`)
  }
  return lines
}

function sideBySide(a: readonly string[], b: readonly string[]): string {
  const rows: string[] = []
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const left = a[i] ?? '(none)'
    const right = b[i] ?? '(none)'
    rows.push(
      `    ${left === right ? ' ' : '!'} vanilla ${clip(left, 120)}${left === right ? '' : `\n      pulya   ${clip(right, 120)}`}`
    )
  }
  return rows.join('\n')
}

function isHtml(raw: readonly string[]): boolean {
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]?.toLowerCase() === 'content-type') return raw[i + 1]?.startsWith('text/html') === true
  }
  return false
}

function firstDifference(a: string, b: string): number {
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  return i
}

function bodyMessage(a: string, b: string): string {
  const at = firstDifference(a, b)
  const from = Math.max(0, at - CONTEXT)
  return (
    `body differs at char ${at} (lengths ${a.length} vs ${b.length}):\n` +
    `    vanilla …${JSON.stringify(a.slice(from, at + CONTEXT))}\n` +
    `    pulya   …${JSON.stringify(b.slice(from, at + CONTEXT))}`
  )
}

/**
 * Lists every difference between `a` (vanilla) and `b` (pulya) for one request.
 *
 * @param step - index of the step, for the report
 * @param req - the request both received
 * @param a - what vanilla produced
 * @param b - what pulya produced
 * @param normalize - applied to bodies and logs first; `null` compares them as they are
 * @param side - the name of `b`'s side in reports
 * @example
 * compareObserved(0, { method: 'GET', path: '/' }, vanilla, withPulya, null)
 */
export function compareObserved(
  step: number,
  req: DiffRequest,
  a: Observed,
  b: Observed,
  normalize: ((text: string) => string) | null,
  side = 'pulya'
): Difference[] {
  const out: Difference[] = []
  const where = `${side === 'pulya' ? '' : `${side}, `}step ${step}: ${describeRequest(req)}`
  const add = (field: Difference['field'], vanilla: string, pulya: string, detail: string): void => {
    out.push({ step, request: req, side, field, vanilla, pulya, message: `${where}\n  ${detail}` })
  }
  if (a.error !== b.error) {
    add(
      'outcome',
      String(a.error),
      String(b.error),
      `exchange: vanilla ${a.error ?? 'completed'}, pulya ${b.error ?? 'completed'}`
    )
  }
  if (a.status !== b.status)
    add('status', String(a.status), String(b.status), `status: vanilla ${a.status}, pulya ${b.status}`)
  if (a.statusMessage !== b.statusMessage) {
    add(
      'statusMessage',
      a.statusMessage,
      b.statusMessage,
      `status message: vanilla ${JSON.stringify(a.statusMessage)}, pulya ${JSON.stringify(b.statusMessage)}`
    )
  }
  const textA = a.body.toString('utf8')
  const textB = b.body.toString('utf8')
  const normA = normalize === null ? textA : normalize(textA)
  const normB = normalize === null ? textB : normalize(textB)
  const normalized = normA !== textA || normB !== textB
  // A HEAD answer has no body to normalize, but its Content-Length still counts the
  // bytes of the page it would have sent (finalhandler's HTML, with the stack).
  const headPage = normalize !== null && req.method === 'HEAD' && isHtml(a.rawHeaders) && isHtml(b.rawHeaders)
  const linesA = headerLines(a.rawHeaders, normalized || headPage)
  const linesB = headerLines(b.rawHeaders, normalized || headPage)
  if (linesA.join('\n') !== linesB.join('\n')) {
    add(
      'headers',
      linesA.join('\n'),
      linesB.join('\n'),
      `headers differ (! marks a line that differs):\n${sideBySide(linesA, linesB)}`
    )
  }
  if (normalized ? normA !== normB : !a.body.equals(b.body))
    add('body', normA, normB, bodyMessage(normA, normB))
  const logsA = normalize === null ? a.logs : a.logs.map(normalize)
  const logsB = normalize === null ? b.logs : b.logs.map(normalize)
  if (logsA.join('\n') !== logsB.join('\n')) {
    add('logs', logsA.join('\n'), logsB.join('\n'), `logs differ:\n${sideBySide(logsA, logsB)}`)
  }
  return out
}

/**
 * The difference, if any, between what an `observe` hook read from each side's app after one
 * request (the layers that ran, the app's events…).
 *
 * @param step - index of the step, for the report
 * @param req - the request both received
 * @param a - lines read from the vanilla app
 * @param b - lines read from the other side's app
 * @param side - the name of `b`'s side in reports
 * @example
 * compareSeen(0, { method: 'GET', path: '/' }, ['ran a'], ['ran a'], 'pulya') // []
 */
export function compareSeen(
  step: number,
  req: DiffRequest,
  a: readonly string[],
  b: readonly string[],
  side: string
): Difference[] {
  if (a.join('\n') === b.join('\n')) return []
  const where = `${side === 'pulya' ? '' : `${side}, `}step ${step}: ${describeRequest(req)}`
  return [
    {
      step,
      request: req,
      side,
      field: 'observed',
      vanilla: a.join('\n'),
      pulya: b.join('\n'),
      message: `${where}\n  observed in the app:\n${sideBySide(a, b)}`
    }
  ]
}

/**
 * Joins the messages of `differences` into one readable report; `''` when there are none.
 *
 * @param differences - from a differential run
 * @example
 * expect(formatDifferences(report.differences)).toBe('')
 */
export function formatDifferences(differences: readonly Difference[]): string {
  if (differences.length === 0) return ''
  return `${differences.length} difference(s) between vanilla and pulya:\n${differences.map((d) => d.message).join('\n')}`
}
