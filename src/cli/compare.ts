/** `check`'s comparison of two answers, and its report. Pure: tested in-process. */

/** One HTTP answer as `check` sees it. */
export interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

/** Headers never compared: they differ between any two answers. */
const ALWAYS_IGNORED = ['date', 'connection', 'keep-alive']

/** The differences of `b` from `a`, one compact line each; empty when they are the same. */
export function diffAnswers(a: Answer, b: Answer, ignore: readonly string[] = []): string[] {
  const lines: string[] = []
  if (a.status !== b.status) lines.push(`status: ${a.status} → ${b.status}`)
  const skip = new Set([...ALWAYS_IGNORED, ...ignore.map((h) => h.toLowerCase())])
  const names = new Set([...Object.keys(a.headers), ...Object.keys(b.headers)].map((h) => h.toLowerCase()))
  for (const name of [...names].sort()) {
    if (skip.has(name)) continue
    const x = show(a.headers[name])
    const y = show(b.headers[name])
    if (x !== y) lines.push(`header ${name}: ${x} → ${y}`)
  }
  if (!a.body.equals(b.body)) {
    let at = 0
    while (at < a.body.length && at < b.body.length && a.body[at] === b.body[at]) at++
    const near = (body: Buffer): string =>
      JSON.stringify(body.subarray(Math.max(0, at - 10), at + 30).toString('utf8'))
    lines.push(
      `body: ${a.body.length} → ${b.body.length} bytes, first difference at byte ${at}: ${near(a.body)} → ${near(b.body)}`
    )
  }
  return lines
}

function show(value: string | string[] | undefined): string {
  return value === undefined ? '(none)' : JSON.stringify(Array.isArray(value) ? value.join(', ') : value)
}

/** The outcome for one request. */
export interface CheckResult {
  template: string
  method: string
  path: string
  /** The request's body (POST, PUT… from samples, --openapi, --har, --methods), else null. */
  body: string | null
  /** The first vanilla answer's status; 0 when the app closed the connection without answering. */
  status: number
  verdict: 'same' | 'differs' | 'nondeterministic'
  diff: string[]
}

/** The answers to one request: two vanilla processes', pulya's, and pulya's own server's when it runs. */
export interface Answers {
  vanilla: Answer
  vanillaAgain: Answer
  pulya: Answer
  /** pulya under its own createServer (bench, handler mode): its diff lines say so. */
  pulyaServer?: Answer
}

/**
 * The verdict for one request from the answers of two vanilla app processes and pulya's (each
 * process gets every request once, in the same order, so state a request changes is the same
 * in all three).
 */
export function judge(
  request: { template: string; method: string; path: string; body: string | null },
  answers: Answers,
  ignore: readonly string[] = []
): CheckResult {
  const { template, method, path, body } = request
  const status = answers.vanilla.status
  const noise = diffAnswers(answers.vanilla, answers.vanillaAgain, ignore)
  if (noise.length > 0)
    return { template, method, path, body, status, verdict: 'nondeterministic', diff: noise }
  const diff = diffAnswers(answers.vanilla, answers.pulya, ignore)
  if (answers.pulyaServer !== undefined)
    for (const line of diffAnswers(answers.vanilla, answers.pulyaServer, ignore))
      diff.push(`with pulya's createServer: ${line}`)
  return { template, method, path, body, status, verdict: diff.length === 0 ? 'same' : 'differs', diff }
}

/** A status as the report shows it: `closed` for a connection closed without an answer. */
export function statusText(status: number): string {
  return status === 0 ? 'closed' : String(status)
}

/** The results as text: one line per request, the diff lines indented under those that differ. */
export function formatResults(results: readonly CheckResult[]): string {
  const lines: string[] = []
  for (const r of results) {
    // Two POSTs to one path differ by their bodies: the first 40 characters tell them apart.
    const body =
      r.body === null || r.body === ''
        ? ''
        : `  body ${JSON.stringify(r.body.length > 40 ? `${r.body.slice(0, 40)}…` : r.body)}`
    lines.push(
      `${r.verdict.padEnd(16)} ${statusText(r.status).padEnd(3)}  ${r.method} ${r.path}${r.path === r.template ? '' : `  (${r.template})`}${body}`
    )
    for (const line of r.diff) lines.push('    ' + line)
  }
  lines.push(verdictCounts(results))
  return lines.join('\n') + '\n'
}

/** `44 requests: 42 same, 0 differ, 2 nondeterministic (…)`. */
export function verdictCounts(results: readonly CheckResult[]): string {
  const count = (v: CheckResult['verdict']): number => results.filter((r) => r.verdict === v).length
  return `${results.length} request${results.length === 1 ? '' : 's'}: ${count('same')} same, ${count('differs')} differ, ${count('nondeterministic')} nondeterministic (the two vanilla processes answered differently; not compared)`
}
