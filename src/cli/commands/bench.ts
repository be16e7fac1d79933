/**
 * `pulya bench <app>`: check first (a difference: exit 1, no bench), then the vanilla and the
 * pulya app processes measured workload by workload with the load generator pinned apart; the
 * Markdown report on stdout, `--json`/`--out` files, and the regression gate (exit 1).
 */
import { readFileSync } from 'fs'
import { cpus } from 'os'
import { dirname, join } from 'path'
import { LoadError, firstLine } from '../app-loader.js'
import { UsageError, type CliArgs } from '../args.js'
import { planBench } from '../bench-plan.js'
import {
  BENCH_FORMAT,
  compareBaseline,
  gateLines,
  parseBaseline,
  renderMarkdown,
  summariseWorkload,
  type BenchDoc
} from '../bench-report.js'
import { estimateSeconds, runBench, type BenchServer, type RunConfig } from '../bench-run.js'
import { runCheck } from '../check-run.js'
import type { AppProcess } from '../child-processes.js'
import { formatResults } from '../compare.js'
import { importAutocannon } from '../load-generator.js'
import { detectPinning, type Pinning } from '../pinning.js'
import { progressBar } from '../progress.js'
import { writeReports } from '../report-files.js'
import { buildTargets, readSources } from '../sources.js'
import type { CommandContext } from './context.js'

/** What bench asks of the machine: stand-ins in tests. */
export interface BenchTools {
  /** Whether the servers and the load generator can be pinned apart. */
  detectPinning: () => Pinning
  /** autocannon, imported once so that a missing one stops the command before any process starts. */
  importAutocannon: () => Promise<unknown>
}

const MACHINE: BenchTools = {
  detectPinning: () => detectPinning(),
  importAutocannon: () => importAutocannon()
}

/**
 * The version in the package.json of the pulya whose command `script` is (dist/esm/cli/main.js
 * → the package root), or `unknown`.
 * @example pulyaVersion('node_modules/pulya/dist/esm/cli/main.js') // '0.1.0'
 */
export function pulyaVersion(script: string): string {
  try {
    return (
      JSON.parse(readFileSync(join(dirname(script), '..', '..', '..', 'package.json'), 'utf8')) as {
        version: string
      }
    ).version
  } catch {
    return 'unknown'
  }
}

function readBaseline(file: string | undefined): ReturnType<typeof parseBaseline> | undefined {
  if (file === undefined) return undefined
  try {
    return parseBaseline(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new UsageError(`pulya: cannot read --baseline ${file}: ${firstLine(error)}`)
  }
}

function benchServer(app: AppProcess): BenchServer {
  return { url: `http://127.0.0.1:${app.port}`, sample: () => app.sample() }
}

/**
 * Runs `pulya bench`: 0, or 1 when the check finds a difference or the gate (`--check`) a
 * regression. @throws UsageError, LoadError (exit 2)
 * @param tools - the machine's pinning and autocannon
 * @default tools detectPinning() and importAutocannon()
 * @example await benchCommand(parseArgs(['bench', './app.js', '--out', 'bench-report']), context)
 */
export async function benchCommand(
  args: CliArgs,
  context: CommandContext,
  tools: BenchTools = MACHINE
): Promise<number> {
  const started = Date.now()
  const options = args.bench
  const baseline = readBaseline(options.baseline)
  const sources = await readSources(args)
  try {
    await tools.importAutocannon()
  } catch (error) {
    throw new LoadError(`pulya: ${firstLine(error)}`)
  }
  const pinning = tools.detectPinning()
  const { launcher } = context
  const [vanilla, withPulya, vanillaAgain] = await Promise.all([
    launcher.startApp('vanilla', args, pinning),
    launcher.startApp('pulya', args, pinning),
    ...(options.check ? [launcher.startApp('vanilla', args, pinning)] : [])
  ])
  const { targets, har } = await buildTargets(args, sources, vanilla)
  let check: BenchDoc['meta']['check'] = null
  if (vanillaAgain !== undefined) {
    const results = await runCheck(
      { vanilla: vanilla.port, vanillaAgain: vanillaAgain.port, pulya: withPulya.port },
      targets,
      args.ignoreHeaders,
      progressBar(context.stderr)
    )
    // Only the two measured processes stay up.
    vanillaAgain.stop()
    if (results.some((r) => r.verdict === 'differs')) {
      context.stdout.write(formatResults(results))
      context.stderr.write(
        'pulya: check found answers that differ with pulya, so bench did not run (--no-check benches anyway)\n'
      )
      return 1
    }
    check = {
      requests: results.length,
      same: results.filter((r) => r.verdict === 'same').length,
      nondeterministic: results.filter((r) => r.verdict === 'nondeterministic').length
    }
  }
  let plan: ReturnType<typeof planBench>
  try {
    plan = planBench(har ?? targets, options)
  } catch (error) {
    throw new UsageError(`pulya: ${firstLine(error)}`)
  }
  const config: RunConfig = {
    durationS: options.durationS,
    rounds: options.rounds,
    connections: options.connections,
    warmupS: options.warmupS,
    rewarmS: Math.min(0.25, options.durationS / 2)
  }
  const loader = await launcher.startLoader(pinning)
  if (context.stderr.isTTY === true) {
    context.stderr.write(
      `pulya bench: ${plan.workloads.length} workloads × ${config.rounds} rounds × 2 servers, about ${Math.ceil(estimateSeconds(plan.workloads.length, config))} s\n`
    )
  }
  const runs = await runBench(
    plan.workloads,
    { vanilla: benchServer(vanilla), pulya: benchServer(withPulya) },
    loader,
    config,
    progressBar(context.stderr)
  )
  const workloads = runs.map(summariseWorkload)
  const gate =
    baseline === undefined
      ? null
      : compareBaseline(workloads, baseline, options.maxRegression, options.baseline as string)
  const doc: BenchDoc = {
    format: BENCH_FORMAT,
    meta: {
      startedAt: new Date(started).toISOString(),
      elapsedS: (Date.now() - started) / 1000,
      app: args.app,
      exportName: args.exportName ?? null,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      cpus: cpus().length,
      notPinned: pinning.available ? null : pinning.reason,
      pulyaVersion: pulyaVersion(context.script),
      pulyaOptions: args.pulyaOptions ?? null,
      config: { ...config, top: options.top, routes: options.routes },
      routes: new Set(targets.map((t) => t.template)).size,
      mixRoutes: plan.templates.length,
      check
    },
    workloads,
    gate
  }
  writeReports(doc, options)
  context.stdout.write(renderMarkdown(doc))
  if (gate !== null && options.gate && gate.regressions.length > 0) {
    for (const line of gateLines(gate)) context.stderr.write(`pulya: ${line}\n`)
    return 1
  }
  return 0
}
