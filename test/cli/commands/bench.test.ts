/**
 * `pulya bench` over stand-in app processes and load generator: the check first, the run, the
 * reports and the gate, and each way it stops early.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppFailure } from '../../../src/cli/app-failure.js'
import { LoadError } from '../../../src/cli/app-loader.js'
import { UsageError, parseArgs } from '../../../src/cli/args.js'
import { renderMarkdown, type BenchDoc } from '../../../src/cli/bench-report.js'
import { benchCommand, type BenchTools } from '../../../src/cli/commands/bench.js'
import { ownVersion } from '../../../src/cli/own-version.js'
import type { RouteInfo } from '../../../src/cli/routes.js'
import { fakeLauncher, stopAll, testContext } from '../_context.js'
import { result } from '../_bench-fixtures.js'
import { echo } from '../_servers.js'

const dir = mkdtempSync(join(tmpdir(), 'pulya-bench-command-'))
const routes: RouteInfo[] = [
  { methods: ['GET'], path: '/a', exact: true },
  { methods: ['GET'], path: '/b/:id', exact: true }
]
const tools: BenchTools = {
  detectPinning: () => ({ available: false, reason: 'no taskset here' }),
  importAutocannon: () => Promise.resolve({})
}
const quick = ['--duration', '0.1', '--rounds', '1', '--warmup', '0', '--top', '1']
const bench = (...options: string[]): ReturnType<typeof parseArgs> =>
  parseArgs(['bench', 'app.js', ...quick, ...options])
const baseline = (speedup: number): string => {
  const file = join(dir, `baseline-${speedup}.json`)
  writeFileSync(
    file,
    JSON.stringify({
      format: 'pulya-bench/1',
      workloads: [{ name: 'mix', speedup: { median: speedup }, pulya: { cpuUsPerReq: 1e9 } }]
    })
  )
  return file
}

describe('benchCommand', () => {
  it('checks first, benches the two measured processes, writes the reports and prints the Markdown', async () => {
    const launcher = fakeLauncher(
      routes,
      {},
      { all: { serving: { mode: 'listen', source: 'module', how: 'calls app.listen() when loaded' } } }
    )
    const context = testContext(launcher)
    const out = join(dir, 'report')
    expect(await benchCommand(bench('--out', out), context, tools)).toBe(0)
    expect(launcher.log.apps.map((a) => a.mode)).toEqual(['vanilla', 'pulya', 'vanilla'])
    expect(launcher.log.apps[0]?.pinning).toEqual({ available: false, reason: 'no taskset here' })
    // The second vanilla process only serves the check.
    expect(launcher.log.started.map((a) => a.stopped)).toEqual([0, 0, 1])
    expect(launcher.log.loaders).toBe(1)
    const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as BenchDoc
    expect(doc.meta).toMatchObject({
      app: 'app.js',
      check: {
        requests: 6,
        same: 6,
        nondeterministic: 0,
        statuses: 'statuses: 2xx 6, 3xx 0, 4xx 0, 5xx 0',
        warnings: []
      },
      notPinned: 'no taskset here',
      pulyaVersion: ownVersion(),
      routes: 2,
      mixRoutes: 2,
      config: { durationS: 0.1, rounds: 1, rewarmS: 0.05, top: 1 },
      serving: {
        mode: 'listen',
        source: 'module',
        text: 'app.listen() (listen mode): the module calls app.listen() when loaded',
        note: "pulya's server classes apply: app.listen() creates the server with them",
        pulyaServerCode: null
      }
    })
    expect(doc.workloads.map((w) => [w.name, w.pulyaServer])).toEqual([
      ['mix', null],
      ['GET /a', null],
      ['404', null]
    ])
    expect(context.out()).toContain('# pulya bench: app.js')
    expect(context.out()).toContain(
      '- Served as app.listen() (listen mode): the module calls app.listen() when loaded\n'
    )
    expect(context.out()).not.toContain("pulya's own server")
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toBe(context.out())
    expect(existsSync(join(out, 'report.html'))).toBe(true)
    expect(context.err()).toBe('')
    stopAll(launcher)
  })

  it('Express in handler mode: pulya under its own server checked and measured too, the line to change in the report', async () => {
    const launcher = fakeLauncher(routes)
    const context = testContext(launcher)
    expect(await benchCommand(bench('--json'), context, tools)).toBe(0)
    expect(launcher.log.apps.map((a) => a.mode)).toEqual(['vanilla', 'pulya', 'vanilla', 'pulya-server'])
    const doc = JSON.parse(context.out()) as BenchDoc
    expect(doc.meta.serving).toMatchObject({
      mode: 'handler',
      pulyaServerCode: { from: 'http.createServer(app)' },
      note: expect.stringMatching(/^pulya's server classes do not apply/) as string
    })
    for (const w of doc.workloads) {
      expect(w.pulyaServer?.rounds).toHaveLength(1)
      expect(w.serverSpeedup?.median).toBeGreaterThan(0)
    }
    const markdown = renderMarkdown(doc)
    expect(markdown).toContain("## With pulya's own server")
    expect(markdown).toContain(
      "http.createServer(app)  →  createServer(app)  // import { createServer } from 'pulya/express'"
    )
    expect(markdown).toContain('three child processes')
    stopAll(launcher)
  })

  it('Koa in handler mode: no server of pulya to measure, and the report says why', async () => {
    const launcher = fakeLauncher(routes, {}, { all: { kind: 'koa' } })
    const context = testContext(launcher)
    expect(await benchCommand(bench('--skip-check'), context, tools)).toBe(0)
    expect(launcher.log.apps.map((a) => a.mode)).toEqual(['vanilla', 'pulya'])
    expect(context.out()).toContain(
      '- Koa has no server classes: pulya works the same under app.listen() and http.createServer(app.callback())\n'
    )
    stopAll(launcher)
  })

  it('the old --json <file> still writes the results there', async () => {
    const launcher = fakeLauncher(routes, {}, { all: { kind: 'koa' } })
    const file = join(dir, 'old.json')
    await benchCommand(bench('--skip-check', '--json', file), testContext(launcher), tools)
    expect((JSON.parse(readFileSync(file, 'utf8')) as BenchDoc).format).toBe('pulya-bench/1')
    stopAll(launcher)
  })

  it.each([
    [
      'vanilla',
      2,
      /^pulya: the vanilla app process exited with code 1 during the bench \(mix · round 1\/1 · vanilla\): the app fails under load without pulya$/
    ],
    [
      'pulya',
      1,
      /^pulya: the pulya app process exited with code 1 during the bench \(mix · round 1\/1 · pulya\): a difference pulya makes$/
    ]
  ] as const)(
    'the %s process ends under load: an AppFailure (exit %i) naming it and the window',
    async (mode, code, message) => {
      let calls = 0
      const launcher = fakeLauncher(
        routes,
        {},
        {
          all: { kind: 'koa' },
          [mode]: { ended: () => (calls > 0 ? 'exited with code 1' : null), stderr: ['Killed'] }
        }
      )
      launcher.startLoader = () =>
        Promise.resolve({
          run: (order) => {
            if (
              order.url.endsWith(
                String(launcher.log.started.find((a) => a.label === `the ${mode} app process`)?.port)
              )
            ) {
              calls++
              return Promise.reject(new Error('ECONNREFUSED'))
            }
            return Promise.resolve(result())
          }
        })
      const error = await benchCommand(bench('--skip-check'), testContext(launcher), tools).catch(
        (e: unknown) => e
      )
      expect(error).toBeInstanceOf(AppFailure)
      expect((error as AppFailure).message).toMatch(message)
      expect([(error as AppFailure).exitCode, (error as AppFailure).details]).toEqual([
        code,
        [`the ${mode} app process, last lines on stderr:`, '  Killed']
      ])
      stopAll(launcher)
    }
  )

  it('a load generator failure with every process up is passed on as it is', async () => {
    const launcher = fakeLauncher(routes, {}, { all: { kind: 'koa' } })
    launcher.startLoader = () =>
      Promise.resolve({ run: () => Promise.reject(new Error('the load generator failed: x')) })
    await expect(benchCommand(bench('--skip-check'), testContext(launcher), tools)).rejects.toThrow(
      'the load generator failed: x'
    )
    stopAll(launcher)
  })

  it('a request of the check that crashes a process: the results before it, and the AppFailure', async () => {
    const launcher = fakeLauncher(
      routes,
      { pulya: (req) => req.socket.destroy() },
      { all: { kind: 'koa' }, pulya: { ended: () => 'exited with code 1' } }
    )
    const context = testContext(launcher)
    const error = await benchCommand(bench(), context, tools).catch((e: unknown) => e)
    expect((error as AppFailure).exitCode).toBe(1)
    expect(context.out()).toContain('0 requests')
    expect(launcher.log.loaders).toBe(0)
    stopAll(launcher)
  })

  it('most answers 401 in the check: the warning on stderr and in the report', async () => {
    const denied = (_req: unknown, res: { statusCode: number; end(): void }): void => {
      res.statusCode = 401
      res.end()
    }
    const launcher = fakeLauncher(routes, { vanilla: denied, pulya: denied }, { all: { kind: 'koa' } })
    const context = testContext(launcher)
    expect(await benchCommand(bench(), context, tools)).toBe(0)
    expect(context.err()).toMatch(/^pulya: 4 of 4 answers were 401\/403\/404\/5xx \(401 ×4\)/)
    expect(context.out()).toContain('- Warning: 4 of 4 answers were 401/403/404/5xx')
    stopAll(launcher)
  })

  it('on a terminal: the estimate, then the progress', async () => {
    const launcher = fakeLauncher(routes)
    const context = testContext(launcher, { tty: true })
    await benchCommand(bench('--skip-check'), context, tools)
    expect(context.err()).toMatch(/^pulya bench: 3 workloads × 1 rounds × 3 servers, about \d+ s\n/)
    expect(context.err()).toContain('9/9 done\n')
    stopAll(launcher)
  })

  it('--skip-check: only the measured processes, no check in the report', async () => {
    const launcher = fakeLauncher(routes, {}, { all: { kind: 'koa' } })
    const context = testContext(launcher)
    await benchCommand(bench('--skip-check', '--json'), context, tools)
    expect(launcher.log.apps.map((a) => a.mode)).toEqual(['vanilla', 'pulya'])
    expect((JSON.parse(context.out()) as BenchDoc).meta.check).toBeNull()
    stopAll(launcher)
  })

  it('the check finds a difference: exit 1, the differences, and no bench', async () => {
    const launcher = fakeLauncher(routes, {
      pulya: (req, res) => {
        res.statusCode = 500
        echo(req, res)
      }
    })
    const context = testContext(launcher)
    expect(await benchCommand(bench(), context, tools)).toBe(1)
    expect(context.out()).toContain('differs          200  GET /a\n    status: 200 → 500\n')
    expect(context.err()).toBe(
      'pulya: check found answers that differ with pulya, so bench did not run (--skip-check benches anyway)\n'
    )
    expect(launcher.log.loaders).toBe(0)
    stopAll(launcher)
  })

  it('the gate: a regression fails the run with --fail-on-regression, is only reported without', async () => {
    const launcher = fakeLauncher(routes, {}, { all: { kind: 'koa' } })
    const gated = testContext(launcher)
    expect(
      await benchCommand(
        bench('--skip-check', '--baseline', baseline(1000), '--fail-on-regression'),
        gated,
        tools
      )
    ).toBe(1)
    expect(gated.err()).toMatch(
      /^pulya: REGRESSION mix: speed-up 1,000\.00× → 1\.00× \(-100%\); tolerance 10%\n/
    )
    expect(gated.err()).toMatch(/pulya: 1 regressed against [^\n]+baseline-1000\.json[^\n]+\n$/)
    const reported = testContext(launcher)
    expect(await benchCommand(bench('--skip-check', '--baseline', baseline(1000)), reported, tools)).toBe(0)
    expect(reported.out()).toContain('REGRESSION mix')
    const passed = testContext(launcher)
    expect(
      await benchCommand(
        bench('--skip-check', '--baseline', baseline(0.5), '--fail-on-regression'),
        passed,
        tools
      )
    ).toBe(0)
    stopAll(launcher)
  })

  it.each([
    [
      'an unreadable --baseline',
      ['--baseline', join(dir, 'none.json')],
      tools,
      UsageError,
      /^pulya: cannot read --baseline .*none\.json: ENOENT/
    ],
    [
      'autocannon missing',
      [],
      { ...tools, importAutocannon: () => Promise.reject(new Error('pulya bench needs autocannon')) },
      LoadError,
      /^pulya: pulya bench needs autocannon$/
    ],
    [
      '--routes matching nothing',
      ['--routes', '/zzz'],
      tools,
      UsageError,
      /^pulya: no route matches --routes \/zzz$/
    ]
  ])('%s: exit 2 with one line', async (_what, options, given, type, message) => {
    const launcher = fakeLauncher(routes)
    const error = await benchCommand(bench(...options), testContext(launcher), given).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(type)
    expect((error as Error).message).toMatch(message)
    stopAll(launcher)
  })

  it("by default asks the machine: this one's taskset and the installed autocannon", async () => {
    const launcher = fakeLauncher(routes, {}, { all: { kind: 'koa' } })
    const context = testContext(launcher)
    expect(await benchCommand(bench('--skip-check', '--json'), context)).toBe(0)
    expect((JSON.parse(context.out()) as BenchDoc).meta.notPinned).not.toBe('no taskset here')
    stopAll(launcher)
  })
})
