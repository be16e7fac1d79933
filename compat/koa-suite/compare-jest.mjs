// Compares two `jest --json` reports of the same suite, vanilla and with pulya injected
// (compat/koa.md, "Koa 2.16.4"), test by test: prints each run's counts and every test whose
// outcome differs. Exit code 0 when every test has the same outcome, 1 when any differs.
//
//   node compat/koa-suite/compare-jest.mjs <vanilla.json> <pulya.json>
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'

/** One outcome per test, keyed by its file (relative to the run's root) and full name. */
function outcomes(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'))
  const root = report.testResults.length > 0 ? commonRoot(report.testResults.map((s) => s.name)) : ''
  const byTest = new Map()
  for (const suite of report.testResults) {
    for (const test of suite.assertionResults) {
      byTest.set(`${relative(root, suite.name)} › ${test.fullName}`, {
        status: test.status,
        message: (test.failureMessages ?? []).join('\n').split('\n').slice(0, 6).join('\n')
      })
    }
  }
  const counts = { total: report.numTotalTests, passed: report.numPassedTests, failed: report.numFailedTests }
  counts.skipped = counts.total - counts.passed - counts.failed
  return { counts, byTest, failedSuites: report.numFailedTestSuites }
}

function commonRoot(paths) {
  let root = paths[0].slice(0, paths[0].lastIndexOf('/'))
  for (const path of paths) while (!path.startsWith(`${root}/`)) root = root.slice(0, root.lastIndexOf('/'))
  return root
}

const [vanillaFile, pulyaFile] = process.argv.slice(2)
if (vanillaFile === undefined || pulyaFile === undefined) {
  console.error('usage: node compat/koa-suite/compare-jest.mjs <vanilla.json> <pulya.json>')
  process.exit(2)
}
const vanilla = outcomes(vanillaFile)
const pulya = outcomes(pulyaFile)
for (const [name, run] of [
  ['vanilla', vanilla],
  ['with pulya', pulya]
]) {
  const { total, passed, failed, skipped } = run.counts
  console.log(
    `${name}: ${total} tests, ${passed} passed, ${failed} failed, ${skipped} skipped (${run.failedSuites} suites failed to run)`
  )
}
let differing = 0
for (const [test, outcome] of vanilla.byTest) {
  const other = pulya.byTest.get(test)
  if (other?.status === outcome.status) continue
  differing++
  console.log(
    `\n${test}: ${outcome.status} vanilla, ${other?.status ?? 'not run'} with pulya\n${other?.message ?? ''}`
  )
}
for (const test of pulya.byTest.keys()) {
  if (vanilla.byTest.has(test)) continue
  differing++
  console.log(`\n${test}: only in the run with pulya`)
}
console.log(differing === 0 ? '\nEvery test has the same outcome.' : `\n${differing} tests differ.`)
process.exitCode = differing === 0 ? 0 : 1
