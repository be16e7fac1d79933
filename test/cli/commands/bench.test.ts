/**
 * `pulya bench` over stand-in app processes and load generator: the check first, the run, the
 * reports and the gate, and each way it stops early.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { LoadError } from '../../../src/cli/app-loader.js'
import { UsageError, parseArgs } from '../../../src/cli/args.js'
import type { BenchDoc } from '../../../src/cli/bench-report.js'
import { benchCommand, pulyaVersion, type BenchTools } from '../../../src/cli/commands/bench.js'
import type { RouteInfo } from '../../../src/cli/routes.js'
import { fakeLauncher, stopAll, testContext } from '../_context.js'
import { echo } from '../_servers.js'

const root = fileURLToPath(new URL('../../..', import.meta.url))
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
    const launcher = fakeLauncher(routes)
    const context = testContext(launcher, { script: join(root, 'dist/esm/cli/main.js') })
    const json = join(dir, 'run.json')
    const out = join(dir, 'report')
    expect(await benchCommand(bench('--json', json, '--out', out), context, tools)).toBe(0)
    expect(launcher.log.apps.map((a) => a.mode)).toEqual(['vanilla', 'pulya', 'vanilla'])
    expect(launcher.log.apps[0]?.pinning).toEqual({ available: false, reason: 'no taskset here' })
    // The second vanilla process only serves the check.
    expect(launcher.log.started.map((a) => a.stopped)).toEqual([0, 0, 1])
    expect(launcher.log.loaders).toBe(1)
    const doc = JSON.parse(readFileSync(json, 'utf8')) as BenchDoc
    expect(doc.meta).toMatchObject({
      app: 'app.js',
      check: { requests: 6, same: 6, nondeterministic: 0 },
      notPinned: 'no taskset here',
      pulyaVersion: pulyaVersion(join(root, 'dist/esm/cli/main.js')),
      routes: 2,
      mixRoutes: 2,
      config: { durationS: 0.1, rounds: 1, rewarmS: 0.05, top: 1 }
    })
    expect(doc.workloads.map((w) => w.name)).toEqual(['mix', 'GET /a', '404'])
    expect(context.out()).toContain('# pulya bench: app.js')
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toBe(context.out())
    expect(existsSync(join(out, 'report.html'))).toBe(true)
    expect(context.err()).toBe('')
    stopAll(launcher)
  })

  it('on a terminal: the estimate, then the progress', async () => {
    const launcher = fakeLauncher(routes)
    const context = testContext(launcher, { tty: true })
    await benchCommand(bench('--no-check'), context, tools)
    expect(context.err()).toMatch(/^pulya bench: 3 workloads × 1 rounds × 2 servers, about \d+ s\n/)
    expect(context.err()).toContain('6/6 done\n')
    stopAll(launcher)
  })

  it('--no-check: only the two measured processes, no check in the report', async () => {
    const launcher = fakeLauncher(routes)
    const json = join(dir, 'no-check.json')
    await benchCommand(bench('--no-check', '--json', json), testContext(launcher), tools)
    expect(launcher.log.apps.map((a) => a.mode)).toEqual(['vanilla', 'pulya'])
    expect((JSON.parse(readFileSync(json, 'utf8')) as BenchDoc).meta.check).toBeNull()
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
    expect(context.out()).toContain('differs          GET /a')
    expect(context.err()).toBe(
      'pulya: check found answers that differ with pulya, so bench did not run (--no-check benches anyway)\n'
    )
    expect(launcher.log.loaders).toBe(0)
    stopAll(launcher)
  })

  it('the gate: a regression fails the run with --check, is only reported without', async () => {
    const launcher = fakeLauncher(routes)
    const gated = testContext(launcher)
    expect(
      await benchCommand(bench('--no-check', '--baseline', baseline(1000), '--check'), gated, tools)
    ).toBe(1)
    expect(gated.err()).toMatch(
      /^pulya: REGRESSION mix: speed-up 1,000\.00× → 1\.00× \(-100%\); tolerance 10%\n/
    )
    expect(gated.err()).toMatch(/pulya: 1 regressed against [^\n]+baseline-1000\.json[^\n]+\n$/)
    const reported = testContext(launcher)
    expect(await benchCommand(bench('--no-check', '--baseline', baseline(1000)), reported, tools)).toBe(0)
    expect(reported.out()).toContain('REGRESSION mix')
    const passed = testContext(launcher)
    expect(
      await benchCommand(bench('--no-check', '--baseline', baseline(0.5), '--check'), passed, tools)
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
    const launcher = fakeLauncher(routes)
    const json = join(dir, 'machine.json')
    expect(await benchCommand(bench('--no-check', '--json', json), testContext(launcher))).toBe(0)
    expect((JSON.parse(readFileSync(json, 'utf8')) as BenchDoc).meta.notPinned).not.toBe('no taskset here')
    stopAll(launcher)
  })
})

describe('pulyaVersion', () => {
  it.each([
    [
      'the built bin: the package root two folders up',
      join(root, 'dist/esm/cli/main.js'),
      (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version
    ],
    ['a script with no package.json there', join(dir, 'a/b/c/main.js'), 'unknown']
  ])('%s', (_what, script, version) => {
    expect(pulyaVersion(script)).toBe(version)
  })
})
