// `npm run bench:scrape [-- --routes 300 --statuses 5 --reps 200 --rounds 3 --against DIR]`:
// what one Prometheus scrape of pulya's metrics costs (the goal: under 5 ms for 300 routes × 5
// statuses). Pinned to one CPU when taskset is there. Prints medians and p95 in ms.
//
// - app: an Express 5 app with `--routes` routes and pulya's `metrics` on, in a registry of its
//   own, is sent one request per route and status (in-process, light-my-request), so the
//   registry holds routes × statuses series as real traffic would leave them; then
//   `registry.metrics()` (prom-client's own text exposition), `middleware.metricsHandler()`
//   (what pulya serves: the same bytes) and `middleware.metrics()` (the JSON snapshot) are
//   timed. Nothing is recorded between these scrapes.
// - changed: the same number of series (durations spread over the buckets), and between two
//   scrapes every series gets one more observation, so none of the last scrape's bytes can be
//   reused: the most a scrape of that many series costs.
// - memory: what stays allocated (heap + buffers, after a GC) once the series exist, after the
//   first scrapes and after `--reps` more: it must not grow with the number of scrapes.
//
// `--against DIR`: DIR is another checkout of pulya, built (`npm run build` there; e.g.
// `git worktree add` of an older commit): each round runs this file on it and on this
// checkout, one after the other, and the medians of both are printed side by side.
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import express from 'express'
import inject from 'light-my-request'
import * as promClient from 'prom-client'
import { PINNING, SERVER_CPU } from './lib/procs.mjs'
import { median } from './lib/stats.mjs'

const { values } = parseArgs({
  options: {
    routes: { type: 'string', default: '300' },
    statuses: { type: 'string', default: '5' },
    reps: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '3' },
    against: { type: 'string' },
    build: { type: 'string' },
    json: { type: 'boolean', default: false }
  }
})
const SELF = fileURLToPath(import.meta.url)
const HERE = resolve(SELF, '../..')

if (PINNING.available && !process.env.PULYA_BENCH_PINNED) {
  const child = spawnSync(
    'taskset',
    ['-c', String(SERVER_CPU), process.execPath, '--expose-gc', SELF, ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: { ...process.env, PULYA_BENCH_PINNED: '1' }
    }
  )
  process.exit(child.status ?? 1)
}

const fmt = ({ median, p95 }) =>
  `median ${median.toFixed(2).padStart(6)} ms, p95 ${p95.toFixed(2).padStart(6)} ms`
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`

if (values.against !== undefined) {
  // Both builds, alternating, one process per build and round.
  const builds = [
    ['before', resolve(values.against)],
    ['after', HERE]
  ]
  const runs = { before: [], after: [] }
  const passOn = ['routes', 'statuses', 'reps'].flatMap((name) => [`--${name}`, values[name]])
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const [label, dir] of builds) {
      const child = spawnSync(process.execPath, ['--expose-gc', SELF, '--build', dir, '--json', ...passOn], {
        encoding: 'utf8',
        env: process.env
      })
      if (child.status !== 0) throw new Error(`${label} (${dir}) failed: ${child.stderr}`)
      runs[label].push(JSON.parse(child.stdout))
    }
  }
  const first = runs.after[0]
  process.stdout.write(
    `scrape of pulya's metrics on Node ${process.version}${process.env.PULYA_BENCH_PINNED ? ', pinned to one CPU' : ''}: ${first.routes} routes × ${first.statuses} statuses = ${first.series} series, ${(first.bytes / 1024).toFixed(0)} KiB; medians of ${values.rounds} rounds (before: ${values.against})\n`
  )
  for (const key of ['registry', 'handler', 'changed', 'json']) {
    const of = (label) => median(runs[label].map((run) => run[key].median))
    process.stdout.write(
      `  ${key.padEnd(9)} before ${of('before').toFixed(2).padStart(6)} ms  after ${of('after').toFixed(2).padStart(6)} ms  (×${(of('before') / of('after')).toFixed(1)})\n`
    )
  }
  for (const label of ['before', 'after']) {
    process.stdout.write(
      `  ${label}: metricsHandler() gives the bytes registry.metrics() gives: ${runs[label].every((run) => run.identical)}\n`
    )
    process.stdout.write(
      `  memory ${label}: ${mb(median(runs[label].map((run) => run.memory.firstScrapes)))} held after the first scrapes, ${mb(median(runs[label].map((run) => run.memory.moreScrapes)))} after ${values.reps} more\n`
    )
  }
  process.exit(0)
}

const build = values.build ?? HERE
const load = (path) => import(pathToFileURL(resolve(build, 'dist/esm', path)).href)
const { pulya } = await load('express/index.js')
const { exportMetrics, exposition } = await load('core/metrics/prometheus.js')
const { RouteRecorder, DEFAULT_BUCKETS } = await load('core/metrics/recorder.js')

const routes = Number(values.routes)
const statuses = [200, 201, 404, 500, 503].slice(0, Number(values.statuses))
const reps = Number(values.reps)

async function time(fn, times = reps, between = () => {}) {
  // Warm-up long enough for the optimising compiler with few series too.
  for (let i = 0; i < 50; i++) {
    between()
    await fn() // warm-up
  }
  const ms = []
  for (let i = 0; i < times; i++) {
    between()
    const start = performance.now()
    await fn()
    ms.push(performance.now() - start)
  }
  return { median: median(ms), p95: ms.sort((a, b) => a - b)[Math.ceil(0.95 * ms.length) - 1] }
}

// app: real traffic through an Express app, then scrapes with nothing recorded in between.
const register = new promClient.Registry()
const middleware = pulya({ metrics: { register } })
const app = express()
app.use(middleware)
for (let i = 0; i < routes; i++)
  app.get(`/r${i}/:status`, (req, res) => {
    res.status(Number(req.params.status)).end()
  })
for (let i = 0; i < routes; i++) {
  for (const status of statuses) await inject(app, { url: `/r${i}/${status}` })
}
const series = (await register.getSingleMetricAsString('http_server_request_duration_seconds'))
  .split('\n')
  .filter((line) => line.includes('_count{')).length
const handler = middleware.metricsHandler()
// What the handler gives the response, as the response would send it (a string is encoded).
const served = () =>
  new Promise((resolve, reject) => {
    handler(
      {},
      {
        setHeader() {},
        end(body) {
          resolve(typeof body === 'string' ? Buffer.from(body) : body)
        }
      },
      reject
    )
  })
let bytes = 0
const registry = await time(
  async () => {
    bytes = (await register.metrics()).length
  },
  Math.min(reps, 50)
)
const handled = await time(served)
const json = await time(() => middleware.metrics())
// Byte for byte what prom-client renders (pulya's builds before this bench's second version wrote `le` last).
const identical = (await served()).toString() === (await register.metrics())

// changed: every series observed between two scrapes.
const NO_STATS = { routers: 0, hits: 0, misses: 0, evictions: 0, skipped: 0, verified: 0, mismatches: 0 }
const own = new promClient.Registry()
const recorder = new RouteRecorder(DEFAULT_BUCKETS)
exportMetrics(promClient, own, DEFAULT_BUCKETS, { recorder, shed: 0, stats: () => NO_STATS })
let seed = 1
const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647
const observeAll = () => {
  for (let i = 0; i < routes; i++) {
    for (const status of statuses)
      recorder.record('GET', `/api/v1/things/${i}/:id`, status, 0.001 + random() * random() * 3)
  }
}
for (let i = 0; i < 20; i++) observeAll()
const heldBytes = () => {
  globalThis.gc?.()
  const usage = process.memoryUsage()
  return usage.heapUsed + usage.arrayBuffers
}
const changed = await time(() => exposition(own), reps, observeAll)
const memory = { firstScrapes: heldBytes() }
for (let i = 0; i < reps; i++) {
  observeAll()
  await exposition(own)
}
memory.moreScrapes = heldBytes()

const result = {
  routes,
  statuses: statuses.length,
  series,
  bytes,
  identical,
  registry,
  handler: handled,
  changed,
  json,
  memory
}
if (values.json) {
  process.stdout.write(JSON.stringify(result))
} else {
  process.stdout.write(
    `scrape of pulya's metrics on Node ${process.version}${process.env.PULYA_BENCH_PINNED ? ', pinned to one CPU' : ''}: ${routes} routes × ${statuses.length} statuses = ${series} series, ${(bytes / 1024).toFixed(0)} KiB of exposition\n`
  )
  process.stdout.write(`  registry.metrics()            ${fmt(registry)}  (${Math.min(reps, 50)} scrapes)\n`)
  process.stdout.write(`  metricsHandler()              ${fmt(handled)}  (${reps} scrapes)\n`)
  process.stdout.write(`  metricsHandler(), all changed ${fmt(changed)}\n`)
  process.stdout.write(`  middleware.metrics()          ${fmt(json)}\n`)
  process.stdout.write(`  metricsHandler() gives the bytes registry.metrics() gives: ${identical}\n`)
  process.stdout.write(
    `  held (heap + buffers): ${mb(memory.firstScrapes)} after the first scrapes, ${mb(memory.moreScrapes)} after ${reps} more\n`
  )
}
