// `npm run bench:scrape [-- --routes 300 --statuses 5 --reps 200]`: what one Prometheus scrape
// of pulya's metrics costs (issue 11: under 5 ms for 300 routes × 5 statuses). An Express 5 app
// with `--routes` routes and pulya's `metrics` on, in a registry of its own, is sent one request
// per route and status (in-process, light-my-request), so the registry holds routes × statuses
// series as real traffic would leave them; then `registry.metrics()` (the text exposition a
// `/metrics` endpoint serves) and `middleware.metrics()` (the JSON snapshot) are timed `--reps`
// times each, and what `middleware.metricsHandler()` serves (the same text, pulya's histogram
// rendered by pulya). Pinned to one CPU when taskset is there. Prints medians and p95 in ms.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import express from 'express'
import inject from 'light-my-request'
import { Registry } from 'prom-client'
import { pulya } from 'pulya/express'
import { PINNING, SERVER_CPU } from './lib/procs.mjs'
import { median } from './lib/stats.mjs'

const { values } = parseArgs({ options: { routes: { type: 'string', default: '300' }, statuses: { type: 'string', default: '5' }, reps: { type: 'string', default: '200' } } })

if (PINNING.available && !process.env.PULYA_BENCH_PINNED) {
  const child = spawnSync('taskset', ['-c', String(SERVER_CPU), process.execPath, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit', env: { ...process.env, PULYA_BENCH_PINNED: '1' }
  })
  process.exit(child.status ?? 1)
}

const routes = Number(values.routes)
const statuses = [200, 201, 404, 500, 503].slice(0, Number(values.statuses))
const reps = Number(values.reps)

const register = new Registry()
const middleware = pulya({ metrics: { register } })
const app = express()
app.use(middleware)
for (let i = 0; i < routes; i++) app.get(`/r${i}/:status`, (req, res) => { res.status(Number(req.params.status)).end() })
for (let i = 0; i < routes; i++) {
  for (const status of statuses) await inject(app, { url: `/r${i}/${status}` })
}
const series = (await register.getSingleMetricAsString('http_server_request_duration_seconds')).split('\n').filter((line) => line.includes('_count{')).length

async function time (fn) {
  for (let i = 0; i < 20; i++) await fn() // warm-up
  const ms = []
  for (let i = 0; i < reps; i++) {
    const start = performance.now()
    await fn()
    ms.push(performance.now() - start)
  }
  return { median: median(ms), p95: ms.sort((a, b) => a - b)[Math.ceil(0.95 * ms.length) - 1] }
}

// What middleware.metricsHandler() serves: the same exposition, pulya's histogram rendered by pulya.
const handler = middleware.metricsHandler()
const served = () => new Promise((resolve, reject) => {
  let body = ''
  // Encoded as the response would send it (which also flattens the string).
  handler({}, { setHeader () {}, end (text) { body = typeof text === 'string' ? Buffer.from(text) : text; resolve(body) } }, reject)
})
let bytes = 0
const text = await time(async () => { bytes = (await register.metrics()).length })
const handled = await time(served)
const json = await time(() => middleware.metrics())
const fmt = ({ median, p95 }) => `median ${median.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms`
process.stdout.write(`scrape of pulya's metrics on Node ${process.version}${process.env.PULYA_BENCH_PINNED ? ', pinned to one CPU' : ''}: ${routes} routes × ${statuses.length} statuses = ${series} series, ${(bytes / 1024).toFixed(0)} KiB of exposition\n`)
process.stdout.write(`  registry.metrics()    ${fmt(text)}  (${reps} scrapes)\n`)
process.stdout.write(`  metricsHandler()      ${fmt(handled)}\n`)
process.stdout.write(`  middleware.metrics()  ${fmt(json)}\n`)
