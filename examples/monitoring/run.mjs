#!/usr/bin/env node
/**
 * A real monitoring stack, end to end: `npm run example:monitoring` (builds pulya first).
 *
 * 1. Installs Debian's `prometheus` package if `prometheus`/`promtool` are missing (as root:
 *    `apt-get install -y prometheus`, after `apt-get update` only when no package lists exist).
 * 2. `promtool check config` and `promtool check rules` on the committed files, and
 *    `promtool test rules` on rules.test.yml (each alert fired on synthetic series).
 * 3. Starts the Express and the Koa example apps (metrics on) and a Prometheus of its own on
 *    127.0.0.1 (`--storage.tsdb.path` in a fresh folder under $TMPDIR, removed at the end), the
 *    documented way: `prometheus --config.file=… --storage.tsdb.path=… --web.listen-address=…`.
 *    A Prometheus service the Debian package may have started is neither used nor touched.
 * 4. Sends traffic to both apps with autocannon over every route, unknown URLs (404) and a
 *    route that fails one request in five, while Prometheus scrapes every 2 s.
 * 5. Asks Prometheus's HTTP API (`/api/v1/query`) for the per-route p99 and prints it, checks
 *    the targets are up and the alerting rules loaded and evaluate (`/api/v1/rules`), and runs
 *    every query of the Grafana dashboard: each must parse and return series.
 *
 * Options: `--duration <s>` traffic seconds (default 30), `--keep` keeps the data folder.
 * Ports: EXPRESS_PORT (39101), KOA_PORT (39102) must match prometheus.yml; PROMETHEUS_PORT (39090).
 * Exit codes: 0 all checks passed, 1 a check failed, 2 prometheus missing and not installable.
 */
/* global fetch -- Node 20's own */
import { spawn, spawnSync } from 'node:child_process'
import { createWriteStream, existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { parse as parseYaml } from 'yaml'
import { portFrom } from './_work.mjs'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const CONFIG = path.join(HERE, 'prometheus.yml')
const RULES = path.join(HERE, 'rules.yml')
const RULE_TESTS = path.join(HERE, 'rules.test.yml')
const DASHBOARD = path.join(HERE, 'grafana-dashboard.json')
const P99_BY_ROUTE =
  'histogram_quantile(0.99, sum by (le, route) (rate(http_server_request_duration_seconds_bucket[1m])))'

const { values: args } = parseArgs({
  options: { duration: { type: 'string', default: '30' }, keep: { type: 'boolean', default: false } }
})
const duration = Number(args.duration)
if (!Number.isFinite(duration) || duration < 5) fail('--duration must be a number of seconds, at least 5', 2)

const ports = {
  express: portFrom('EXPRESS_PORT', 39101),
  koa: portFrom('KOA_PORT', 39102),
  prometheus: portFrom('PROMETHEUS_PORT', 39090)
}
const children = []
let dataDir = null
// Checks that find missing data are collected, so one run shows everything that is missing.
const problems = []

function fail(message, code = 1) {
  const error = new Error(message)
  error.exitCode = code
  throw error
}

function log(message) {
  console.log(`\n== ${message}`)
}

function onPath(command) {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).error === undefined
}

function run(command, commandArgs, options = {}) {
  console.log(`$ ${command} ${commandArgs.join(' ')}`)
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', ...options })
  if (result.error !== undefined) fail(`${command}: ${result.error.message}`)
  if (result.status !== 0) fail(`${command} ${commandArgs.join(' ')} exited with ${result.status}`)
}

function ensurePrometheus() {
  if (onPath('prometheus') && onPath('promtool')) return
  if (process.getuid?.() !== 0)
    fail(
      'prometheus is not installed; install it with `sudo apt-get install -y prometheus` (Debian/Ubuntu) and run this again',
      2
    )
  if (!onPath('apt-get'))
    fail(
      'prometheus is not installed and there is no apt-get here; install Prometheus 2.x (prometheus and promtool on PATH)',
      2
    )
  log("installing Debian's prometheus package")
  const lists = existsSync('/var/lib/apt/lists')
    ? readdirSync('/var/lib/apt/lists').filter((name) => name.includes('_Packages'))
    : []
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  if (lists.length === 0) run('apt-get', ['update'], { env })
  run('apt-get', ['install', '-y', '--no-install-recommends', 'prometheus'], { env })
}

async function assertPortFree(port, who) {
  await new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', () => {
      reject(
        new Error(
          `port ${port} (${who}) is in use on 127.0.0.1; set ${who.toUpperCase()}_PORT${who === 'prometheus' ? '' : ' and edit prometheus.yml'}`
        )
      )
    })
    probe.listen(port, '127.0.0.1', () => {
      probe.close(resolve)
    })
  })
}

function start(name, command, commandArgs, env = {}) {
  const logFile = path.join(dataDir, `${name}.log`)
  const out = createWriteStream(logFile)
  const child = spawn(command, commandArgs, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  child.stdout.pipe(out)
  child.stderr.pipe(out)
  child.exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal })
    })
  })
  child.logFile = logFile
  child.label = name
  children.push(child)
  return child
}

async function waitFor(url, child, seconds = 30) {
  const deadline = Date.now() + seconds * 1000
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      fail(
        `${child.label} exited with ${child.exitCode}; its log:\n${readFileSync(child.logFile, 'utf8').slice(-3000)}`
      )
    try {
      const res = await fetch(url)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await sleep(200)
  }
  fail(`${url} did not answer within ${seconds} s`)
}

async function query(expr) {
  const url = new URL(`http://127.0.0.1:${ports.prometheus}/api/v1/query`)
  url.searchParams.set('query', expr)
  const body = await (await fetch(url)).json()
  if (body.status !== 'success') fail(`query ${expr} failed: ${body.errorType}: ${body.error}`)
  return body.data.result
}

async function api(pathname) {
  const body = await (await fetch(`http://127.0.0.1:${ports.prometheus}${pathname}`)).json()
  if (body.status !== 'success') fail(`${pathname}: ${body.error}`)
  return body.data
}

/** Weighted request mixes: every route, unknown URLs (unique ones too) and a failing route. */
const MIXES = {
  express: [
    [20, 'GET', () => '/api/v1/users'],
    [25, 'GET', () => `/api/v1/users/${randomInt(1000)}`],
    [15, 'GET', () => `/api/v1/orders/${randomInt(1e6)}`],
    [8, 'POST', () => '/api/v1/orders'],
    [5, 'GET', () => `/api/v1/reports/${2000 + randomInt(25)}`],
    [10, 'GET', () => '/api/v1/flaky'],
    [5, 'GET', () => '/health'],
    [6, 'GET', () => `/scanner/${randomInt(1e9)}.php`],
    [6, 'GET', () => '/api/v2/users']
  ],
  koa: [
    [20, 'GET', () => '/api/v1/catalog/products'],
    [30, 'GET', () => `/api/v1/catalog/products/sku-${randomInt(5000)}`],
    [10, 'POST', () => `/api/v1/carts/${randomInt(100)}/items`],
    [8, 'GET', () => `/api/v1/search?q=${randomInt(100)}`],
    [10, 'GET', () => '/api/v1/flaky'],
    [5, 'GET', () => '/health'],
    [8, 'GET', () => `/.env.${randomInt(1e9)}`],
    [4, 'DELETE', () => '/api/v1/search']
  ]
}

function randomInt(below) {
  return Math.floor(Math.random() * below)
}

function picker(mix) {
  const total = mix.reduce((sum, [weight]) => sum + weight, 0)
  return (request) => {
    let roll = Math.random() * total
    for (const [weight, method, pathOf] of mix) {
      roll -= weight
      if (roll < 0) {
        request.method = method
        request.path = pathOf()
        return request
      }
    }
    return request
  }
}

function traffic(port, mix) {
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 8,
    duration,
    requests: [{ setupRequest: picker(mix) }]
  })
}

function table(header, rows) {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => String(row[i]).length)))
  const line = (cells) =>
    cells
      .map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i])))
      .join('  ')
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

function ms(seconds) {
  const value = Number(seconds)
  return Number.isFinite(value) ? (value * 1000).toFixed(1) : String(seconds)
}

async function main() {
  ensurePrometheus()
  run('prometheus', ['--version'])

  log('checking the configuration and the rules with promtool')
  run('promtool', ['check', 'config', CONFIG])
  run('promtool', ['check', 'rules', RULES])
  run('promtool', ['test', 'rules', RULE_TESTS], { cwd: HERE })

  for (const [who, port] of Object.entries(ports)) await assertPortFree(port, who)
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'pulya-monitoring-'))
  log(`starting the apps and Prometheus (data and logs in ${dataDir})`)
  const expressApp = start('express-app', process.execPath, [path.join(HERE, 'express-app.mjs')], {
    EXPRESS_PORT: String(ports.express)
  })
  const koaApp = start('koa-app', process.execPath, [path.join(HERE, 'koa-app.mjs')], {
    KOA_PORT: String(ports.koa)
  })
  const prometheus = start('prometheus', 'prometheus', [
    `--config.file=${CONFIG}`,
    `--storage.tsdb.path=${path.join(dataDir, 'tsdb')}`,
    `--web.listen-address=127.0.0.1:${ports.prometheus}`
  ])
  await waitFor(`http://127.0.0.1:${ports.express}/metrics`, expressApp)
  await waitFor(`http://127.0.0.1:${ports.koa}/metrics`, koaApp)
  await waitFor(`http://127.0.0.1:${ports.prometheus}/-/ready`, prometheus, 60)
  console.log(`express example  http://127.0.0.1:${ports.express}/metrics`)
  console.log(`koa example      http://127.0.0.1:${ports.koa}/metrics`)
  console.log(`prometheus       http://127.0.0.1:${ports.prometheus}/`)

  log(`sending traffic to both apps for ${duration} s (autocannon, 8 connections each)`)
  const results = await Promise.all([traffic(ports.express, MIXES.express), traffic(ports.koa, MIXES.koa)])
  for (const [name, result] of [
    ['express', results[0]],
    ['koa', results[1]]
  ]) {
    console.log(
      `${name}: ${result.requests.total} requests, ${result['2xx']} 2xx, ${result['4xx']} 4xx, ${result['5xx']} 5xx, ${result.errors} errors, p99 ${result.latency.p99} ms (autocannon's view)`
    )
  }
  // Two scrape intervals, so the last requests are in Prometheus too.
  await sleep(5000)

  log('targets')
  const targets = await api('/api/v1/targets?state=active')
  console.log(
    table(
      ['job', 'instance', 'health', 'last scrape ms'],
      targets.activeTargets.map((t) => [
        t.labels.job,
        t.labels.instance,
        t.health,
        (t.lastScrapeDuration * 1000).toFixed(1)
      ])
    )
  )
  const down = targets.activeTargets.filter((t) => t.health !== 'up')
  if (targets.activeTargets.length !== 2 || down.length > 0)
    fail(
      `expected 2 targets up, got ${targets.activeTargets.map((t) => `${t.labels.job}=${t.health} ${t.lastError}`).join(', ')}`
    )

  log(`p99 by route: ${P99_BY_ROUTE}`)
  const p99 = await query(P99_BY_ROUTE)
  if (p99.length === 0)
    problems.push(
      "no http_server_request_duration_seconds series in Prometheus: are the apps exporting pulya's metrics?"
    )
  p99.sort((a, b) => a.metric.route.localeCompare(b.metric.route))
  console.log(
    table(
      ['route', 'p99 ms'],
      p99.map((s) => [s.metric.route, ms(s.value[1])])
    )
  )

  log('per job and route over the last minute: request rate, p50, p99, 5xx share')
  const window = '[1m]'
  const byJobRoute = (expr) =>
    query(expr).then(
      (series) => new Map(series.map((s) => [`${s.metric.job} ${s.metric.route}`, s.value[1]]))
    )
  const [rates, p50s, p99s, errors] = await Promise.all([
    byJobRoute(`sum by (job, route) (rate(http_server_request_duration_seconds_count${window}))`),
    byJobRoute(
      `histogram_quantile(0.5, sum by (le, job, route) (rate(http_server_request_duration_seconds_bucket${window})))`
    ),
    byJobRoute(
      `histogram_quantile(0.99, sum by (le, job, route) (rate(http_server_request_duration_seconds_bucket${window})))`
    ),
    byJobRoute(
      `sum by (job, route) (rate(http_server_request_duration_seconds_count{status_code=~"5.."}${window})) / sum by (job, route) (rate(http_server_request_duration_seconds_count${window}))`
    )
  ])
  const rows = [...rates.keys()].sort().map((key) => {
    const [job, route] = key.split(' ')
    return [
      job,
      route,
      Number(rates.get(key)).toFixed(1),
      ms(p50s.get(key)),
      ms(p99s.get(key)),
      `${(Number(errors.get(key) ?? 0) * 100).toFixed(1)}%`
    ]
  })
  console.log(table(['job', 'route', 'req/s', 'p50 ms', 'p99 ms', '5xx'], rows))

  log("process (prom-client default metrics) and pulya's route cache")
  const processRows = await Promise.all(
    [
      ['event loop p99 ms', 'nodejs_eventloop_lag_p99_seconds', ms],
      ['heap used MiB', 'nodejs_heap_size_used_bytes', (v) => (Number(v) / 2 ** 20).toFixed(1)],
      ['RSS MiB', 'process_resident_memory_bytes', (v) => (Number(v) / 2 ** 20).toFixed(1)],
      ['CPU % of a core', 'rate(process_cpu_seconds_total[1m]) * 100', (v) => Number(v).toFixed(1)],
      [
        'route cache hit ratio',
        'sum by (job) (rate(pulya_route_cache_hits_total[1m])) / (sum by (job) (rate(pulya_route_cache_hits_total[1m])) + sum by (job) (rate(pulya_route_cache_misses_total[1m])))',
        (v) => Number(v).toFixed(3)
      ]
    ].map(async ([title, expr, format]) => {
      const series = await query(expr)
      const byJob = new Map(series.map((s) => [s.metric.job, format(s.value[1])]))
      return [title, byJob.get('express-example') ?? '-', byJob.get('koa-example') ?? '-']
    })
  )
  console.log(table(['', 'express-example', 'koa-example'], processRows))

  log('alerting rules loaded by Prometheus (/api/v1/rules)')
  const expected = parseYaml(readFileSync(RULES, 'utf8')).groups.flatMap((group) =>
    group.rules.map((rule) => rule.alert ?? rule.record)
  )
  const loaded = (await api('/api/v1/rules')).groups.flatMap((group) =>
    group.rules.map((rule) => ({ group: group.name, ...rule }))
  )
  console.log(
    table(
      ['group', 'rule', 'health', 'state', 'active'],
      loaded.map((r) => [r.group, r.name, r.health, r.state ?? '-', r.alerts?.length ?? 0])
    )
  )
  const missing = expected.filter((name) => !loaded.some((rule) => rule.name === name))
  const broken = loaded.filter((rule) => rule.health !== 'ok')
  if (missing.length > 0) fail(`rules not loaded: ${missing.join(', ')}`)
  if (broken.length > 0)
    fail(`rules failing to evaluate: ${broken.map((r) => `${r.name}: ${r.lastError}`).join('; ')}`)
  console.log(`all ${expected.length} rules loaded and evaluating`)

  log("the Grafana dashboard's queries, run against this Prometheus")
  // Grafana's variables as Grafana fills them in: every job, a one-minute rate window.
  const panels = JSON.parse(readFileSync(DASHBOARD, 'utf8')).panels.filter(
    (panel) => panel.targets !== undefined
  )
  const answers = await Promise.all(
    panels.flatMap((panel) =>
      panel.targets.map(async (target) => {
        const series = await query(target.expr.replaceAll('$__rate_interval', '1m').replaceAll('$job', '.*'))
        return [`${panel.title} ${target.refId}`, series.length]
      })
    )
  )
  console.log(table(['panel query', 'series'], answers))
  const empty = answers.filter(([, count]) => count === 0)
  if (empty.length > 0)
    problems.push(`dashboard queries without data: ${empty.map(([name]) => name).join(', ')}`)
  if (problems.length > 0) fail(problems.join('\n  '))
}

async function stopAll() {
  for (const child of children.reverse()) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    const stopped = await Promise.race([child.exited, sleep(10_000).then(() => null)])
    if (stopped === null) child.kill('SIGKILL')
  }
  if (dataDir !== null) {
    if (args.keep) console.log(`\ndata and logs kept in ${dataDir}`)
    else await rm(dataDir, { recursive: true, force: true })
  }
}

// Ctrl-C: the apps and Prometheus stop (they get the SIGINT too) and the data folder goes.
process.once('SIGINT', () => {
  console.error('\ninterrupted')
  void stopAll().then(() => process.exit(130))
})

let exitCode = 0
try {
  await main()
  console.log('\nmonitoring example: all checks passed')
} catch (error) {
  exitCode = error.exitCode ?? 1
  console.error(`\nmonitoring example failed: ${error.message}`)
}
await stopAll()
process.exit(exitCode)
