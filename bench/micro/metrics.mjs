// `npm run bench:metrics [-- --against <dist>] [--rounds N]`: what `metrics: true` adds to one
// request, without the HTTP around it. A real Node `ServerResponse` is made and closed, as Node
// does for every request, with and without the monitor's work (src/core/metrics/monitor.ts:
// the start time and one `close` listener on admit; on close the route template from Express's
// `routeOf`, the status and the record). The route answering is a real Express 5 route object:
// one route (hello) or 200 taken in turn (routes), so the recorder and the template memo see
// as many keys as the `routes` workload gives them.
//
// Contestants run interleaved, round after round (a round: 100,000 requests each), and the
// report gives each one's median cost above "metrics off": the monitor's own JavaScript per
// request. `--against <dir>` adds the monitor of another build (the `dist` folder of an older
// checkout), so a change to the per-request path is measured side by side with what it
// replaces. The HTTP benchmark's `*+pulya-metrics` variants measure what a server pays.
import { spawnSync } from 'node:child_process'
import { IncomingMessage, ServerResponse } from 'node:http'
import { Socket } from 'node:net'
import { resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import express from 'express'
import { PINNING, SERVER_CPU } from '../lib/procs.mjs'

const { values } = parseArgs({
  options: { against: { type: 'string' }, rounds: { type: 'string', default: '15' } }
})

if (PINNING.available && !process.env.PULYA_BENCH_PINNED) {
  const child = spawnSync(
    'taskset',
    ['-c', String(SERVER_CPU), process.execPath, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: { ...process.env, PULYA_BENCH_PINNED: '1' }
    }
  )
  process.exit(child.status ?? 1)
}

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10]
const PER_ROUND = 100_000

/** A monitor of the build in `dist` (its `esm` folder), with Express's `routeOf` of the same build. */
async function monitorOf(dist) {
  const base = pathToFileURL(resolve(dist, 'esm')).href
  const { Monitor } = await import(`${base}/core/metrics/monitor.js`)
  const { routeOf } = await import(`${base}/express/routing/route-of.js`)
  const stats = () => ({
    routers: 0,
    hits: 0,
    misses: 0,
    evictions: 0,
    skipped: 0,
    verified: 0,
    mismatches: 0
  })
  return new Monitor({ buckets: BUCKETS, register: false, unknownRoute: '__unknown__' }, false, {
    routeOf,
    stats
  })
}

const app = express()
for (let i = 0; i < 200; i++)
  app.get(`/r${i}/:id`, (req, res) => {
    res.end()
  })
const ROUTES = app.router.stack.filter((layer) => layer.route !== undefined).map((layer) => layer.route)
const socket = new Socket()

/** A request and its response as Node's HTTP server makes them; `route` is what Express's router leaves on `req`. */
function exchange(route) {
  const req = new IncomingMessage(socket)
  req.method = 'GET'
  req.route = route
  req.app = app
  return new ServerResponse(req)
}

/** Node's end of a response: its headers went out, then `close`. */
function finish(res) {
  res._header = 'HTTP/1.1 200 OK\r\n\r\n'
  res.emit('close')
  return res.statusCode
}

const contestants = [{ name: 'metrics off', run: (route) => finish(exchange(route)) }]
const builds = [['this build', fileURLToPath(new URL('../../dist', import.meta.url))]]
if (values.against) builds.push([`--against ${values.against}`, values.against])
for (const [name, dist] of builds) {
  const monitor = await monitorOf(dist)
  contestants.push({
    name: `metrics: true (${name})`,
    monitor,
    run: (route) => {
      const res = exchange(route)
      monitor.admit(res, undefined)
      return finish(res)
    }
  })
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1]
process.stdout.write(
  `metrics: true per request, Node ${process.version}${process.env.PULYA_BENCH_PINNED ? ', pinned' : ''}; ${values.rounds} interleaved rounds of ${PER_ROUND} requests\n`
)
let sink = 0
for (const [label, routes] of [
  ['one route (hello)', ROUTES.slice(0, 1)],
  [`${ROUTES.length} routes in turn (routes)`, ROUTES]
]) {
  const times = contestants.map(() => [])
  for (let round = 0; round < Number(values.rounds); round++) {
    contestants.forEach((contestant, c) => {
      const started = process.hrtime.bigint()
      for (let i = 0; i < PER_ROUND; i++) sink += contestant.run(routes[i % routes.length])
      times[c].push(Number(process.hrtime.bigint() - started) / PER_ROUND)
    })
  }
  // Every monitor recorded every request it saw: the work timed is the work wanted.
  for (const contestant of contestants.slice(1)) {
    const recorded = contestant.monitor.snapshot().routes
    const count = Object.values(recorded).reduce((sum, route) => sum + route.count, 0)
    if (count === 0 || contestant.monitor.recorder.active !== 0)
      throw new Error(
        `${contestant.name}: recorded ${count} requests, ${contestant.monitor.recorder.active} still active`
      )
  }
  const off = median(times[0])
  process.stdout.write(
    `\n${label}\n  ${'metrics off'.padEnd(44)} ${off.toFixed(0).padStart(6)} ns per request\n`
  )
  contestants.slice(1).forEach((contestant, i) => {
    const extra = times[i + 1].map((t, round) => t - times[0][round])
    process.stdout.write(
      `  ${contestant.name.padEnd(44)} ${('+' + median(extra).toFixed(0)).padStart(6)} ns (median of per-round differences)\n`
    )
  })
}
if (sink === 0) process.stdout.write('')
