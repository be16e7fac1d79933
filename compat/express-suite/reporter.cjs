// Mocha reporter for run.mjs: writes every test's outcome to the file named by PULYA_SUITE_RESULT
// and prints one dot per test to stderr. Works with the mocha majors Express pins (6 in 4.x,
// 10 in 5.x), so it uses only the runner's event names, which both share.
//
// A file rather than stdout because the suite's own apps may print (morgan, console.log in examples),
// and mocha 6's json reporter cannot write to a file.
'use strict'

const fs = require('node:fs')
const path = require('node:path')

const STATS_KEY = Symbol.for('pulya.express-suite')
const MAX_TEXT = 2000

function clip(text) {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text
}

function describeError(err) {
  if (err === null || err === undefined) return null
  if (typeof err !== 'object') return { message: String(err), stack: null }
  return {
    message: clip(String(err.message ?? err)),
    stack: typeof err.stack === 'string' ? clip(err.stack) : null
  }
}

function PulyaSuiteReporter(runner) {
  const out = process.env.PULYA_SUITE_RESULT
  if (!out) throw new Error('reporter.cjs needs PULYA_SUITE_RESULT (the result file to write)')
  const cwd = process.cwd()
  const started = Date.now()
  const records = []
  // Same file and title twice is possible; a test reported twice (passed, then failed by a late
  // error) must keep one id, so ids belong to the runnable object, not to its title.
  const ids = new WeakMap()
  const occurrences = new Map()

  function idOf(runnable, file, fullTitle) {
    let id = ids.get(runnable)
    if (id === undefined || runnable.type === 'hook') {
      const key = `${file} :: ${fullTitle}`
      const n = (occurrences.get(key) ?? 0) + 1
      occurrences.set(key, n)
      id = n === 1 ? key : `${key} #${n}`
      ids.set(runnable, id)
    }
    return id
  }

  function record(runnable, state, err) {
    const file = runnable.file ? path.relative(cwd, runnable.file) : null
    const fullTitle = runnable.fullTitle()
    records.push({
      id: idOf(runnable, file, fullTitle),
      file,
      fullTitle,
      // 'hook' when a before/after hook failed: mocha then skips the tests it guards.
      type: runnable.type === 'hook' ? 'hook' : 'test',
      state,
      duration: typeof runnable.duration === 'number' ? runnable.duration : null,
      error: describeError(err)
    })
    process.stderr.write(state === 'passed' ? '.' : state === 'failed' ? '!' : ',')
  }

  runner.on('pass', (test) => record(test, 'passed', null))
  runner.on('fail', (test, err) => record(test, 'failed', err))
  runner.on('pending', (test) => record(test, 'pending', null))
  runner.once('end', () => {
    process.stderr.write('\n')
    const injection = process[STATS_KEY] ?? null
    fs.writeFileSync(
      out,
      JSON.stringify({
        durationMs: Date.now() - started,
        injection: injection === null ? null : { ...injection },
        records
      })
    )
  })
}

module.exports = PulyaSuiteReporter
