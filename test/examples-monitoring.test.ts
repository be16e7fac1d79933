/**
 * examples/monitoring: the static half of the monitoring stack. The rules, the Prometheus
 * config and the Grafana dashboard parse; promtool accepts them and the rules' unit tests pass
 * (when promtool is installed: Debian's `prometheus` package); and every metric name a PromQL
 * expression reads is one the example apps really export — taken from the live `/metrics` of
 * both apps, started as `node` processes the way run.mjs starts them. The full run under a real
 * Prometheus is `npm run example:monitoring` (about a minute: too slow for `npm test`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'examples', 'monitoring')
const read = (name: string): string => readFileSync(path.join(DIR, name), 'utf8')

interface Rule {
  alert?: string
  record?: string
  expr: string
}
interface RuleFile {
  groups: { name: string; rules: Rule[] }[]
}
interface Target {
  expr: string
  refId: string
  datasource: { uid: string }
}
interface Panel {
  id: number
  type: string
  title: string
  targets?: Target[]
  datasource?: { uid: string }
}
interface Dashboard {
  uid: string
  panels: Panel[]
  templating: { list: { name: string; definition?: string }[] }
}

const rules = parseYaml(read('rules.yml')) as RuleFile
const dashboard = JSON.parse(read('grafana-dashboard.json')) as Dashboard
const config = parseYaml(read('prometheus.yml')) as {
  rule_files: string[]
  scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[]
}

const ruleExprs = rules.groups.flatMap((group) =>
  group.rules.map((rule) => ({ name: rule.alert ?? rule.record ?? '', expr: rule.expr }))
)
// Grafana's variables, as Grafana would fill them in: any job, a one-minute rate window.
const dashboardExprs = dashboard.panels.flatMap((panel) =>
  (panel.targets ?? []).map((target) => ({
    name: `${panel.title} ${target.refId}`,
    expr: target.expr.replaceAll('$__rate_interval', '1m').replaceAll('$job', '.*')
  }))
)

const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'group_left',
  'group_right',
  'inf',
  'nan',
  'Inf',
  'NaN'
])

/** The metric names a PromQL expression selects (not functions, label names or keywords). */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '')
  const names = new Set<string>()
  for (const match of bare.matchAll(/(?<![\w.:$])[a-zA-Z_:][\w:]*/g)) {
    const word = match[0]
    if (
      bare
        .slice(match.index + word.length)
        .trimStart()
        .startsWith('(') ||
      KEYWORDS.has(word)
    )
      continue
    names.add(word)
  }
  return [...names].sort()
}

const promtool = spawnSync('promtool', ['--version'], { stdio: 'ignore' }).error === undefined
const skipPromtool = promtool
  ? ''
  : ' (skipped: promtool not installed; `apt-get install prometheus` gives it)'

describe('examples/monitoring: files', () => {
  it.each([
    [
      'histogram_quantile(0.99, sum by (le, route) (rate(http_server_request_duration_seconds_bucket{route!="__unknown__"}[5m]))) > 0.5',
      ['http_server_request_duration_seconds_bucket']
    ],
    [
      'sum by (job) (rate(a_total{s=~"5.."}[1m])) / on (job) group_left sum(rate(b_total[1m] offset 5m)) and up == 0',
      ['a_total', 'b_total', 'up']
    ],
    ['max by (job, instance) (nodejs_eventloop_lag_p99_seconds) > 1e-1', ['nodejs_eventloop_lag_p99_seconds']]
  ])('metricNames(%s)', (expr, names) => {
    expect(metricNames(expr)).toEqual(names)
  })

  it('prometheus.yml loads rules.yml and scrapes both example apps on 127.0.0.1', () => {
    expect(config.rule_files).toEqual(['rules.yml'])
    const targets = config.scrape_configs.flatMap((job) =>
      job.static_configs.flatMap((group) => group.targets)
    )
    expect(targets).toEqual(['127.0.0.1:39101', '127.0.0.1:39102'])
  })

  it('the rules alert on p99 per route, error ratio, event-loop delay and shed requests', () => {
    const exprOf = (alert: string): string => ruleExprs.find((rule) => rule.name === alert)?.expr ?? ''
    expect(exprOf('RouteLatencyP99High')).toMatch(/histogram_quantile\(0\.99, sum by \(job, route, le\)/)
    expect(exprOf('HttpErrorRatioHigh')).toContain('status_code=~"5.."')
    expect(metricNames(exprOf('EventLoopDelayHigh'))).toEqual(['nodejs_eventloop_lag_p99_seconds'])
    expect(metricNames(exprOf('RequestsShed'))).toEqual(['pulya_shed_requests_total'])
  })

  it('the dashboard is Grafana JSON: unique panel ids, every query on the chosen data source', () => {
    expect(dashboard.uid).toBe('pulya-http')
    const ids = dashboard.panels.map((panel) => panel.id)
    expect(new Set(ids).size).toBe(ids.length)
    const queried = dashboard.panels.filter((panel) => panel.type !== 'row')
    for (const panel of queried) {
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0)
      for (const target of panel.targets ?? []) {
        expect(target.datasource.uid).toBe('${datasource}')
        expect(target.expr).toMatch(/job=~"\$job"/)
      }
    }
    const titles = queried.map((panel) => panel.title)
    expect(titles).toEqual(
      expect.arrayContaining([
        'Request rate by route',
        'p50 by route',
        'p99 by route',
        '5xx by route',
        'Event loop delay',
        'Heap and RSS',
        'Route cache hit ratio'
      ])
    )
  })

  it(`promtool check config, check rules and test rules pass${skipPromtool}`, ({ skip }) => {
    if (!promtool) {
      skip()
      return
    }
    for (const args of [
      ['check', 'config', 'prometheus.yml'],
      ['check', 'rules', 'rules.yml'],
      ['test', 'rules', 'rules.test.yml']
    ]) {
      const result = spawnSync('promtool', args, { cwd: DIR, encoding: 'utf8' })
      expect(result.status, `promtool ${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(0)
    }
  })

  it(`every dashboard query is valid PromQL (promtool parses it as a rule)${skipPromtool}`, ({ skip }) => {
    if (!promtool) {
      skip()
      return
    }
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pulya-dashboard-'))
    try {
      const file = path.join(dir, 'dashboard-rules.json')
      const records = dashboardExprs.map(({ expr }, i) => ({ record: `dashboard:query_${i}`, expr }))
      // JSON is YAML: promtool reads it as a rule file.
      writeFileSync(file, JSON.stringify({ groups: [{ name: 'dashboard', rules: records }] }))
      const result = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' })
      expect(result.status, `${result.stdout}${result.stderr}`).toBe(0)
      expect(result.stdout).toContain(`SUCCESS: ${records.length} rules found`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

/** Starts an example app on a free port as its own node process; resolves with its base URL. */
function startApp(file: string, portVariable: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [path.join(DIR, file)], {
    env: { ...process.env, [portVariable]: '0' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const base = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1]
      if (base !== undefined) resolve({ child, base })
    })
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.once('exit', (code) => {
      reject(new Error(`${file} exited with ${code}: ${output}`))
    })
  })
}

/** Metric names of a Prometheus text exposition, with a histogram's _bucket/_sum/_count series. */
function exportedNames(exposition: string): Set<string> {
  const names = new Set<string>()
  for (const match of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [, name = '', type] = match
    names.add(name)
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix)
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(name + suffix)
  }
  return names
}

const PULYA_NAME = /^(?:http_server_|pulya_)/

describe('examples/monitoring: every PromQL name is exported by the example apps', () => {
  const apps: ChildProcess[] = []
  const exported: Set<string>[] = []
  const expositions: string[] = []

  beforeAll(async () => {
    const started = await Promise.all([
      startApp('express-app.mjs', 'EXPRESS_PORT'),
      startApp('koa-app.mjs', 'KOA_PORT')
    ])
    const paths = [
      ['/api/v1/users/7', '/api/v1/flaky', '/nope', '/health'],
      ['/api/v1/catalog/products/a', '/api/v1/flaky', '/nope', '/health']
    ]
    for (const [i, { child, base }] of started.entries()) {
      apps.push(child)
      for (const pathname of paths[i] ?? []) await (await fetch(base + pathname)).arrayBuffer()
      const res = await fetch(`${base}/metrics`)
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
      const text = await res.text()
      expositions.push(text)
      exported.push(exportedNames(text))
    }
  })

  afterAll(() => {
    for (const child of apps) child.kill()
  })

  const all = [...ruleExprs, ...dashboardExprs]
  const names = [...new Set(all.flatMap(({ expr }) => metricNames(expr)))]
    .filter((name) => name !== 'up')
    .sort()

  it("the expressions read pulya's and prom-client's metrics", () => {
    expect(names).toEqual(
      expect.arrayContaining([
        'http_server_request_duration_seconds_bucket',
        'http_server_request_duration_seconds_count',
        'http_server_active_requests',
        'pulya_route_cache_hits_total',
        'pulya_route_cache_misses_total',
        'pulya_shed_requests_total',
        'nodejs_eventloop_lag_p99_seconds',
        'nodejs_heap_size_used_bytes',
        'process_resident_memory_bytes',
        'process_cpu_seconds_total'
      ])
    )
  })

  it.each(names.filter((name) => !PULYA_NAME.test(name)))(
    "prom-client's %s is exported by both apps",
    (name) => {
      expect(exported.map((set) => set.has(name))).toEqual([true, true])
    }
  )

  it.each(names.filter((name) => PULYA_NAME.test(name)))("pulya's %s is exported by both apps", (name) => {
    expect(exported.map((set) => set.has(name))).toEqual([true, true])
  })

  // prom-client's own default metrics have names promtool's linter questions
  // (`nodejs_active_handles_total` is a gauge): pulya's families are checked, on their own.
  it(`pulya's metrics in each app's exposition pass promtool check metrics${skipPromtool}`, ({ skip }) => {
    if (!promtool) {
      skip()
      return
    }
    expect(expositions).toHaveLength(2)
    for (const exposition of expositions) {
      const text =
        exposition
          .split('\n\n')
          .filter((family) => PULYA_NAME.test(/^# HELP (\S+)/.exec(family)?.[1] ?? ''))
          .join('\n\n') + '\n'
      expect(text).toContain('http_server_request_duration_seconds_bucket{')
      expect(text).toContain('pulya_shed_requests_total 0')
      const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' })
      expect(result.status, result.stdout + result.stderr).toBe(0)
      expect(result.stdout + result.stderr).toBe('')
    }
  })
})
