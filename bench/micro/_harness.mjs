// Runs one micro suite with the `benchmark` package. Every contestant's answers are checked
// against the case's expected answers before it is timed: a wrong contestant fails the run.
//
// A suite is { name, cases, contestants }:
//   case        { name, inputs: [...], expected: [...], normalize?: (answer) => comparable }
//   contestant  { name, build: () => (input) => answer, only?: [case names] }
// One timed op runs the contestant over every input of the case, so the report divides by
// the input count: ns per input.
import { isDeepStrictEqual } from 'node:util'
import Benchmark from 'benchmark'

// Every answer is stored here (a module variable V8 cannot prove unused), so the work is
// never dropped as dead code.
// eslint-disable-next-line no-unused-vars -- written, never read: that is its whole purpose
let sink = null

function sameAnswer(a, b) {
  return Buffer.isBuffer(a) && Buffer.isBuffer(b) ? a.equals(b) : isDeepStrictEqual(a, b)
}

function show(value) {
  return Buffer.isBuffer(value) ? `<Buffer ${value.length} bytes>` : JSON.stringify(value)?.slice(0, 200)
}

function check(suite, testCase, contestant, fn) {
  const normalize = testCase.normalize ?? ((x) => x)
  testCase.inputs.forEach((input, i) => {
    const got = normalize(fn(input))
    const want = normalize(testCase.expected[i])
    if (!sameAnswer(got, want)) {
      throw new Error(
        `${suite.name} / ${testCase.name} / ${contestant.name}: wrong answer for ${show(input)}:\n  got  ${show(got)}\n  want ${show(want)}`
      )
    }
  })
}

function timeCase(suite, testCase, maxTime) {
  const bench = new Benchmark.Suite(testCase.name)
  const count = testCase.inputs.length
  const inputs = testCase.inputs
  for (const contestant of suite.contestants) {
    if (contestant.only && !contestant.only.includes(testCase.name)) continue
    const fn = contestant.build()
    check(suite, testCase, contestant, fn)
    bench.add(
      contestant.name,
      () => {
        for (let i = 0; i < count; i++) sink = fn(inputs[i])
      },
      { maxTime }
    )
  }
  bench.run({ async: false })
  return bench.map((b) => {
    if (b.error) throw b.error
    return {
      name: b.name,
      nsPerInput: 1e9 / b.hz / count,
      rmePct: b.stats.rme,
      samples: b.stats.sample.length
    }
  })
}

function printCase(suiteName, caseName, rows) {
  const first = rows[0]?.nsPerInput
  process.stdout.write(`\n${suiteName} — ${caseName}\n`)
  for (const r of rows) {
    const rel = first ? `${(r.nsPerInput / first).toFixed(2)}×` : ''
    process.stdout.write(
      `  ${r.name.padEnd(52)} ${r.nsPerInput.toFixed(1).padStart(10)} ns  ±${r.rmePct.toFixed(1).padStart(4)}%  ${rel.padStart(7)} of first\n`
    )
  }
}

/**
 * Checks then times every contestant of every case of `suite`.
 * @param {object} suite see the file comment
 * @param {{ maxTime: number }} options seconds per contestant and case
 * @returns {Array<{ case: string, rows: object[] }>}
 */
export function runSuite(suite, { maxTime }) {
  const results = []
  for (const testCase of suite.cases) {
    const rows = timeCase(suite, testCase, maxTime)
    printCase(suite.name, testCase.name, rows)
    results.push({ case: testCase.name, inputs: testCase.inputs.length, rows })
  }
  return results
}
