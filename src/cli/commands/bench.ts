/**
 * `pulya bench <app>`: check first (a difference: exit 1, no bench), then the app processes —
 * vanilla and pulya, served as in production, and in handler mode pulya under its own server
 * too — measured workload by workload with the load generator pinned apart; the Markdown
 * report on stdout (JSON with --json), `--out` files, and the regression gate (exit 1).
 */
import { readFileSync, writeFileSync } from 'fs'
import { cpus } from 'os'
import { AppFailure, stderrLines } from '../app-failure.js'
import { kindNamed, type AppKind } from '../app-kinds/index.js'
import { LoadError, firstLine } from '../app-loader.js'
import { UsageError, type CliArgs } from '../args.js'
import { renderHtml } from '../bench-html.js'
import { planBench } from '../bench-plan.js'
import {
  BENCH_FORMAT,
  compareBaseline,
  gateLines,
  parseBaseline,
  renderMarkdown,
  summariseWorkload,
  type BenchDoc,
  type BenchMeta
} from '../bench-report.js'
import {
  estimateSeconds,
  runBench,
  sidesOf,
  type BenchLoader,
  type BenchServer,
  type BenchServers,
  type RunConfig,
  type WorkloadRun
} from '../bench-run.js'
import { UNKNOWN_TEMPLATE } from '../check-run.js'
import type { AppProcess } from '../child-processes.js'
import { formatResults } from '../compare.js'
import { importAutocannon } from '../load-generator.js'
import { ownVersion } from '../own-version.js'
import { detectPinning, type Pinning } from '../pinning.js'
import { progressBar } from '../progress.js'
import { jsonText } from '../report-files.js'
import { serverNote, servingText } from '../serving.js'
import { buildTargets, readSources } from '../sources.js'
import { formatStatuses, summariseStatuses, unreachedWarning } from '../statuses.js'
import type { CheckTarget } from '../targets.js'
import { checkApps, type CheckedApps } from './check-apps.js'
import type { CommandContext } from './context.js'
import { emitReport } from './output.js'

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

/** The app processes of a run: pulyaServer when the app is served in handler mode and pulya has a server for its kind. */
interface BenchApps extends CheckedApps {
  vanillaAgain: AppProcess
}

/**
 * Starts the measured processes (and the second vanilla one when the check runs first); in
 * handler mode, for a kind pulya has a server for, pulya under that server as well.
 */
async function startApps(
  args: CliArgs,
  launcher: CommandContext['launcher'],
  pinning: Pinning
): Promise<{ apps: Omit<BenchApps, 'vanillaAgain'> & { vanillaAgain?: AppProcess }; kind: AppKind }> {
  const [vanilla, pulya, vanillaAgain] = await Promise.all([
    launcher.startApp('vanilla', args, pinning),
    launcher.startApp('pulya', args, pinning),
    ...(args.bench.check ? [launcher.startApp('vanilla', args, pinning)] : [])
  ])
  const kind = kindNamed(vanilla.kind)
  const apps: Omit<BenchApps, 'vanillaAgain'> & { vanillaAgain?: AppProcess } = { vanilla, pulya }
  if (vanillaAgain !== undefined) apps.vanillaAgain = vanillaAgain
  if (vanilla.serving.mode === 'handler' && !('none' in kind.pulyaServer))
    apps.pulyaServer = await launcher.startApp('pulya-server', args, pinning)
  return { apps, kind }
}

/**
 * The check before the run: its tally for the report, or the exit code 1 (a difference) after
 * printing the results. @throws AppFailure when a request crashes or hangs a process
 */
async function checkFirst(
  apps: BenchApps,
  targets: readonly CheckTarget[],
  args: CliArgs,
  context: CommandContext
): Promise<BenchMeta['check'] | 1> {
  const { results, failure } = await checkApps(apps, targets, args, progressBar(context.stderr))
  // Only the measured processes stay up.
  apps.vanillaAgain.stop()
  if (failure !== null) {
    context.stdout.write(formatResults(results))
    throw failure
  }
  if (results.some((r) => r.verdict === 'differs')) {
    context.stdout.write(formatResults(results))
    context.stderr.write(
      'pulya: check found answers that differ with pulya, so bench did not run (--skip-check benches anyway)\n'
    )
    return 1
  }
  const warning = unreachedWarning(results.filter((r) => r.template !== UNKNOWN_TEMPLATE))
  if (warning !== null) context.stderr.write(`${warning}\n`)
  return {
    requests: results.length,
    same: results.filter((r) => r.verdict === 'same').length,
    nondeterministic: results.filter((r) => r.verdict === 'nondeterministic').length,
    statuses: formatStatuses(summariseStatuses(results)),
    warnings: warning === null ? [] : [warning]
  }
}

/**
 * Runs the measurement; a server process that ends meanwhile is an AppFailure naming it and
 * the window: exit 2 for vanilla's (the app fails without pulya), 1 for pulya's.
 */
async function measure(
  plan: ReturnType<typeof planBench>,
  apps: Omit<BenchApps, 'vanillaAgain'>,
  loader: BenchLoader,
  config: RunConfig,
  context: CommandContext
): Promise<WorkloadRun[]> {
  const servers: BenchServers = { vanilla: benchServer(apps.vanilla), pulya: benchServer(apps.pulya) }
  if (apps.pulyaServer !== undefined) servers.pulyaServer = benchServer(apps.pulyaServer)
  const bar = progressBar(context.stderr)
  let window = 'the warm-up'
  try {
    return await runBench(plan.workloads, servers, loader, config, (done, total, label) => {
      window = label
      bar(done, total, label)
    })
  } catch (error) {
    for (const side of sidesOf(servers)) {
      const app = apps[side] as AppProcess
      const ended = await app.ended()
      if (ended !== null)
        throw new AppFailure(
          `pulya: ${app.label} ${ended} during the bench (${window})${side === 'vanilla' ? ': the app fails under load without pulya' : ': a difference pulya makes'}`,
          stderrLines(app.label, app.stderrTail()),
          side === 'vanilla' ? 2 : 1
        )
    }
    throw error
  }
}

/**
 * Runs `pulya bench`: 0, or 1 when the check finds a difference or the gate
 * (`--fail-on-regression`) a regression. @throws UsageError, LoadError (exit 2); AppFailure
 * when a request or the load crashes or hangs a process
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
  const { apps, kind } = await startApps(args, context.launcher, pinning)
  const { targets, har } = await buildTargets(args, sources, apps.vanilla)
  let check: BenchMeta['check'] = null
  if (apps.vanillaAgain !== undefined) {
    const checked = await checkFirst(apps as BenchApps, targets, args, context)
    if (checked === 1) return 1
    check = checked
  }
  let plan: ReturnType<typeof planBench>
  try {
    plan = planBench(har ?? targets, { ...options, headers: args.headers })
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
  const servers = apps.pulyaServer === undefined ? 2 : 3
  const loader = await context.launcher.startLoader(pinning)
  if (context.stderr.isTTY === true) {
    context.stderr.write(
      `pulya bench: ${plan.workloads.length} workloads × ${config.rounds} rounds × ${servers} servers, about ${Math.ceil(estimateSeconds(plan.workloads.length, config, servers))} s\n`
    )
  }
  const runs = await measure(plan, apps, loader, config, context)
  const workloads = runs.map(summariseWorkload)
  const gate =
    baseline === undefined
      ? null
      : compareBaseline(workloads, baseline, options.maxRegression, options.baseline as string)
  const serving = apps.vanilla.serving
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
      pulyaVersion: ownVersion(),
      pulyaOptions: args.pulyaOptions ?? null,
      config: { ...config, top: options.top, routes: options.routes },
      routes: new Set(targets.map((t) => t.template)).size,
      mixRoutes: plan.templates.length,
      serving: {
        mode: serving.mode,
        source: serving.source,
        text: servingText(serving, kind),
        note: serverNote(serving.mode, kind.pulyaServer),
        pulyaServerCode:
          apps.pulyaServer === undefined || 'none' in kind.pulyaServer ? null : kind.pulyaServer.code
      },
      check
    },
    workloads,
    gate
  }
  if (options.jsonFile !== undefined) writeFileSync(options.jsonFile, jsonText(doc))
  const markdown = renderMarkdown(doc)
  emitReport({ text: markdown, markdown, html: renderHtml(doc), json: doc }, args, context)
  if (gate !== null && options.gate && gate.regressions.length > 0) {
    for (const line of gateLines(gate)) context.stderr.write(`pulya: ${line}\n`)
    return 1
  }
  return 0
}
