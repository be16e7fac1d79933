// `npm run bench:micro [-- suite ...] [--time S]`: the micro benchmarks (lookup, headers,
// errors, etag, responses, serialize). It re-runs itself pinned to CPU 0 when taskset is there, checks every
// contestant's answers, times them with the `benchmark` package, and writes
// bench/results/micro-latest.json.
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { PINNING, SERVER_CPU } from '../lib/procs.mjs'
import { ROOT, machineInfo, packageVersions } from '../lib/system.mjs'
import { runSuite } from './_harness.mjs'
import { errorsSuite } from './errors.mjs'
import { etagSuite } from './etag.mjs'
import { headersSuite } from './headers.mjs'
import { lookupSuite } from './lookup.mjs'
import { responsesSuite } from './responses.mjs'
import { serializeSuite } from './serialize.mjs'

const SUITES = {
  lookup: lookupSuite,
  headers: headersSuite,
  errors: errorsSuite,
  etag: etagSuite,
  responses: responsesSuite,
  serialize: serializeSuite
}

const { values, positionals } = parseArgs({
  options: { time: { type: 'string', default: '1' } },
  allowPositionals: true
})

if (PINNING.available && !process.env.PULYA_BENCH_PINNED) {
  const self = fileURLToPath(import.meta.url)
  const child = spawnSync(
    'taskset',
    ['-c', String(SERVER_CPU), process.execPath, self, ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: { ...process.env, PULYA_BENCH_PINNED: '1' }
    }
  )
  process.exit(child.status ?? 1)
}

const names = positionals.length ? positionals : Object.keys(SUITES)
for (const name of names) {
  if (!SUITES[name]) throw new TypeError(`unknown suite "${name}" (known: ${Object.keys(SUITES).join(', ')})`)
}
const maxTime = Number(values.time)
const started = Date.now()
process.stdout.write(
  `micro benchmarks on Node ${process.version}, ${maxTime} s per contestant${process.env.PULYA_BENCH_PINNED ? ', pinned to CPU 0' : ''}\n`
)
const suites = {}
for (const name of names) suites[name] = runSuite(SUITES[name], { maxTime })
const doc = {
  meta: {
    startedAt: new Date(started).toISOString(),
    elapsedS: (Date.now() - started) / 1000,
    node: process.version,
    machine: machineInfo(),
    packages: packageVersions()
  },
  suites
}
mkdirSync(`${ROOT}bench/results`, { recursive: true })
writeFileSync(`${ROOT}bench/results/micro-latest.json`, `${JSON.stringify(doc, null, 2)}\n`)
process.stdout.write(`\nwrote bench/results/micro-latest.json in ${doc.meta.elapsedS.toFixed(0)} s\n`)
