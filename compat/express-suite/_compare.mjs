// Pure functions over reporter.cjs results: per-run counts and the vanilla-vs-pulya differences.

/**
 * Folds a run's records into one outcome per id: a test that reported 'passed' and then 'failed'
 * (a late error) counts as failed, with the failure's error.
 */
export function outcomes(result) {
  const byId = new Map()
  for (const r of result.records) {
    const seen = byId.get(r.id)
    if (seen === undefined || r.state === 'failed') byId.set(r.id, r)
  }
  return byId
}

/** passed / failed / pending tests, failed hooks, and total, as mocha would count them. */
export function countRun(result) {
  const counts = { passed: 0, failed: 0, pending: 0, hookFailures: 0, total: 0 }
  for (const r of outcomes(result).values()) {
    if (r.type === 'hook') {
      counts.hookFailures++
      continue
    }
    counts.total++
    counts[r.state]++
  }
  return counts
}

function entry(r, other) {
  return {
    id: r.id,
    file: r.file,
    fullTitle: r.fullTitle,
    error: (other ?? r).error
  }
}

/**
 * What changes when pulya is injected:
 * - regressions: passed vanilla, failed with pulya (the list that matters)
 * - notRun: passed vanilla, never reported with pulya (a failed hook skipped it, or the run died)
 * - newHookFailures: hooks that failed only with pulya
 * - fixed: failed vanilla, passed with pulya (suspicious too: pulya must not change outcomes)
 * - failingBoth: failed in both runs (environment problems, not pulya's)
 */
export function compareRuns(vanilla, withPulya) {
  const a = outcomes(vanilla)
  const b = outcomes(withPulya)
  const diff = { regressions: [], notRun: [], newHookFailures: [], fixed: [], failingBoth: [] }
  for (const [id, r] of a) {
    if (r.type === 'hook') continue
    const other = b.get(id)
    if (r.state === 'passed') {
      if (other === undefined) diff.notRun.push(entry(r, null))
      else if (other.state === 'failed') diff.regressions.push(entry(r, other))
    } else if (r.state === 'failed' && other !== undefined) {
      if (other.state === 'passed') diff.fixed.push(entry(r, null))
      else if (other.state === 'failed') diff.failingBoth.push(entry(r, other))
    }
  }
  for (const [id, r] of b) {
    if (r.type === 'hook' && r.state === 'failed' && !a.has(id)) diff.newHookFailures.push(entry(r, null))
  }
  return diff
}

function firstLine(error) {
  if (error === null) return '(no error)'
  const line = error.message.split('\n')[0]
  return line.length > 200 ? `${line.slice(0, 200)}…` : line
}

function formatCounts(label, run) {
  const c = run.counts
  const hooks = c.hookFailures > 0 ? `, ${c.hookFailures} failed hooks` : ''
  const exit = run.exitedCleanly ? '' : ', did not exit by itself (open handles), killed'
  return (
    `${label.padEnd(8)} ${String(c.passed).padStart(5)} passed ${String(c.failed).padStart(4)} failed ` +
    `${String(c.pending).padStart(3)} pending  (${c.total} tests${hooks}) in ${(run.wallMs / 1000).toFixed(1)} s${exit}`
  )
}

function formatList(title, list) {
  if (list.length === 0) return []
  const lines = ['', `${title} (${list.length}):`]
  for (const e of list) {
    lines.push(`  - ${e.file} :: ${e.fullTitle}`)
    lines.push(`      ${firstLine(e.error)}`)
  }
  return lines
}

/** The text run.mjs prints: counts per run, then every difference with its first error line. */
export function formatReport(report) {
  const lines = [
    `Express ${report.express.version} (${report.express.ref ?? 'no git ref'}${report.express.commit ? ` ${report.express.commit.slice(0, 12)}` : ''}) at ${report.express.checkout}`,
    `Node ${report.node}, mocha ${report.mocha.version}: ${report.mocha.args.join(' ')}`
  ]
  if (report.runs.vanilla) lines.push(formatCounts('vanilla', report.runs.vanilla))
  if (report.runs.pulya) {
    const injected = report.runs.pulya.injection?.injected ?? 0
    const served = report.runs.pulya.injection?.served ?? 0
    lines.push(
      `${formatCounts('pulya', report.runs.pulya)}  [${report.pulya.entry}, ${injected} apps wrapped, ${served} servers by pulya's createServer]`
    )
  }
  if (report.diff === null && report.runs.vanilla) {
    lines.push(...formatList('Failing', report.runs.vanilla.failures))
  }
  if (report.diff) {
    const d = report.diff
    lines.push(...formatList('Pass vanilla, FAIL with pulya', d.regressions))
    lines.push(...formatList('Pass vanilla, NOT RUN with pulya', d.notRun))
    lines.push(...formatList('Hooks failing only with pulya', d.newHookFailures))
    lines.push(...formatList('Fail vanilla, pass with pulya', d.fixed))
    lines.push(...formatList('Fail in both runs', d.failingBoth))
    if (d.hangsOnlyWithPulya)
      lines.push('', 'With pulya, mocha did not exit by itself after the run (an open handle): vanilla did.')
    if (
      !d.hangsOnlyWithPulya &&
      d.regressions.length + d.notRun.length + d.newHookFailures.length + d.fixed.length === 0
    ) {
      lines.push('', 'Same outcome for every test with and without pulya.')
    }
  }
  return lines.join('\n')
}
