#!/usr/bin/env node
/**
 * The `pulya` command (package bin). The parent parses arguments, starts the app in child
 * processes (this same file with `__child`; `bench` adds the load generator, `__loader`) and
 * compares or measures; the children load the user's app, list its routes and serve it on
 * 127.0.0.1 only. Everything it decides is in the tested modules beside it (args, app-loader, routes,
 * compare, pinning, ipc-peer, load-generator, bench-*); this file is process glue, run only in processes v8
 * coverage does not see (see vitest.config.ts), and tested end to end in test/cli/cli.test.ts.
 */
import { request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { cpus } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { HELP, UsageError, parseArgs, type CliArgs } from './args.js'
import { formatResults, judge, type Answer, type CheckResult } from './compare.js'
import {
  LoadError,
  firstLine,
  loadApp,
  typeScriptLoader,
  type AppKind,
  type LoadedApp
} from './app-loader.js'
import { discoverRoutes, findRoute, formatRoutes, type RouteInfo } from './routes.js'
import { checkTargets, headProbes, parseSamples, type CheckTarget, type Samples } from './targets.js'
import { parseSpecText, specRequests, type SpecRequests } from './openapi.js'
import { harRequests, type HarRequest } from './har.js'
import { matchHar, matchSpec, type Matcher } from './spec-match.js'
import { progressBar } from './progress.js'
import { IpcPeer, type IpcMessage } from './ipc-peer.js'
import { LOADER_CPU, SERVER_CPU, detectPinning, spawnPinned, type Pinning } from './pinning.js'
import { importAutocannon, runLoad, type LoadOrder, type LoadResult } from './load-generator.js'
import { UNKNOWN_PATH, planBench } from './bench-plan.js'
import {
  estimateSeconds,
  runBench,
  type BenchServer,
  type RunConfig,
  type ServerSample
} from './bench-run.js'
import {
  BENCH_FORMAT,
  compareBaseline,
  gateLines,
  parseBaseline,
  renderMarkdown,
  summariseWorkload,
  type BenchDoc
} from './bench-report.js'
import { renderHtml } from './bench-html.js'

/** Paths no app is expected to route: their 404s are compared too. */
const UNKNOWN_PATHS = [UNKNOWN_PATH, `${UNKNOWN_PATH}/deeper?x=1`]

/** Every child started, stopped when the command ends. */
const peers: IpcPeer[] = []

const NOT_PINNED: Pinning = { available: false, reason: 'not asked' }

function send(message: IpcMessage): void {
  process.send?.(message)
}

/**
 * Loads the app with every listen() rebound to a free port on 127.0.0.1: an app module that
 * starts its own server when loaded (`app.listen(3000)` at the end of the file) must not open
 * the app's port to the network, nor make the second app process fail on a taken port.
 */
async function loadWithoutOwnPort(app: string, exportName: string): Promise<LoadedApp> {
  const { Server } = await import('node:net')
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be restored, and called with .call(this)
  const listen = Server.prototype.listen as (...args: unknown[]) => Server
  Server.prototype.listen = function (this: Server, ...args: unknown[]): Server {
    return listen.call(
      this,
      0,
      '127.0.0.1',
      args.find((arg) => typeof arg === 'function')
    )
  } as typeof Server.prototype.listen
  try {
    return await loadApp(app, exportName === '' ? undefined : exportName)
  } finally {
    Server.prototype.listen = listen as typeof Server.prototype.listen
  }
}

async function serverChild(
  mode: string,
  app: string,
  exportName: string,
  pulyaModule: string,
  pulyaOptions: string
): Promise<void> {
  try {
    const loaded = await loadWithoutOwnPort(app, exportName)
    const routes = discoverRoutes(loaded.app, loaded.kind)
    if (mode === 'routes') {
      send({ type: 'ready', routes })
      return
    }
    if (mode === 'pulya')
      await applyPulya(
        loaded.app,
        loaded.kind,
        pulyaModule,
        pulyaOptions === '' ? undefined : (JSON.parse(pulyaOptions) as Record<string, unknown>)
      )
    // Started the documented way, app.listen() (Express and Koa alike), so pulya does at
    // start-up what it does in an app that calls listen itself.
    const listening = loaded.app as { listen(port: number, host: string, ready: () => void): Server }
    process.on('message', (message: IpcMessage) => {
      // bench asks for the server's own CPU time around each measured window.
      if (message.type === 'sample')
        send({ type: 'sample', id: message.id, cpu: process.cpuUsage(), rss: process.memoryUsage.rss() })
      // --openapi and --har ask which route answers each of their requests (before any is sent).
      else if (message.type === 'match') {
        const requests = message['requests'] as Array<{ method: string; path: string }>
        send({
          type: 'match',
          id: message.id,
          templates: requests.map((r) => findRoute(loaded.app, loaded.kind, r.method, r.path))
        })
      }
    })
    const server = listening.listen(0, '127.0.0.1', () => {
      send({ type: 'ready', routes, port: (server.address() as AddressInfo).port })
    })
  } catch (error) {
    send({ type: 'ready', error: error instanceof LoadError ? error.message : `pulya: ${firstLine(error)}` })
  }
}

function loaderChild(): void {
  process.on('message', (message: IpcMessage & LoadOrder) => {
    if (message.type !== 'run') return
    runLoad(message).then(
      (result) => {
        send({ type: 'result', id: message.id, result })
      },
      (error: unknown) => {
        send({ type: 'result', id: message.id, error: firstLine(error) })
      }
    )
  })
  send({ type: 'ready' })
}

/** pulya's documented install on an app already built: accelerate() (Express), first middleware (Koa). */
async function defaultApply(app: unknown, kind: AppKind, options?: Record<string, unknown>): Promise<void> {
  if (kind === 'express') {
    const express = await import('../express/index.js')
    express.accelerate(app, options)
  } else
    (app as { middleware: unknown[] }).middleware.unshift((await import('../koa/index.js')).pulya(options))
}

async function applyPulya(
  app: unknown,
  kind: AppKind,
  pulyaModule: string,
  options: Record<string, unknown> | undefined
): Promise<void> {
  if (pulyaModule !== '') {
    const mod = (await import(pathToFileURL(resolve(pulyaModule)).href)) as {
      default: (app: unknown, kind: AppKind, apply: typeof defaultApply) => Promise<void> | void
    }
    await mod.default(app, kind, defaultApply)
    return
  }
  try {
    await defaultApply(app, kind, options)
  } catch (error) {
    // pulya validates its options once, here: a bad --pulya value is a usage error.
    if ((error as { code?: unknown }).code === 'PULYA_ERR_INVALID_OPTION')
      throw new LoadError(`pulya: --pulya: ${firstLine(error).replace(/^pulya: /, '')}`)
    throw error
  }
}

/** Starts a server child (pinned to SERVER_CPU when `pinning` allows); resolves once it listens. */
async function start(
  mode: string,
  args: CliArgs,
  pinning: Pinning = NOT_PINNED
): Promise<{ peer: IpcPeer; routes: RouteInfo[]; port: number }> {
  const script = process.argv[1] as string
  const child = spawnPinned(
    pinning,
    SERVER_CPU,
    process.execPath,
    [
      ...process.execArgv,
      ...typeScriptLoader(args.app),
      script,
      '__child',
      mode,
      args.app,
      args.exportName ?? '',
      args.pulyaModule ?? '',
      args.pulyaOptions === undefined ? '' : JSON.stringify(args.pulyaOptions)
    ],
    { stderr: 'inherit' }
  )
  const peer = new IpcPeer(child, `the ${mode} app process`)
  peers.push(peer)
  let ready: IpcMessage
  try {
    ready = await peer.waitFor('ready', 60_000)
  } catch (error) {
    throw new LoadError(`pulya: ${firstLine(error)} before it was ready`)
  }
  if (typeof ready.error === 'string') throw new LoadError(ready.error)
  return { peer, routes: ready.routes as RouteInfo[], port: ready.port as number }
}

/** One request to one app process, its answer in full. */
function sendTo(port: number, target: CheckTarget): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: target.path,
        method: target.method,
        headers: target.headers,
        agent: false
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
        })
        res.on('error', fail)
      }
    )
    req.on('error', fail)
    req.end(target.body ?? undefined)
  })
}

/** What --samples, --openapi and --har give, read before any app process starts. */
interface Sources {
  samples: Samples
  spec: SpecRequests | undefined
  har: HarRequest[] | undefined
}

function readSource<T>(
  option: string,
  file: string | undefined,
  parse: (text: string, file: string) => T
): T | undefined {
  if (file === undefined) return undefined
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new UsageError(
      `pulya: cannot read ${option} ${file}: ${(error as { code?: string }).code === 'ENOENT' ? 'no such file' : firstLine(error)}`
    )
  }
  try {
    return parse(text, file)
  } catch (error) {
    throw new UsageError(`pulya: ${option} ${file}: ${firstLine(error)}`)
  }
}

async function readSources(args: CliArgs): Promise<Sources> {
  let parseYaml: ((text: string) => unknown) | undefined
  if (args.openapi !== undefined && /\.ya?ml$/i.test(args.openapi)) {
    // yaml is an optional peer dependency: JSON documents need nothing.
    parseYaml = await import('yaml').then(
      (yaml) => (text: string) => yaml.parse(text) as unknown,
      () => undefined
    )
  }
  return {
    samples: readSource('--samples', args.samples, parseSamples) ?? {},
    spec: readSource('--openapi', args.openapi, (text, file) =>
      specRequests(parseSpecText(text, file, parseYaml))
    ),
    har: readSource('--har', args.har, (text) => {
      const { requests } = harRequests(JSON.parse(text))
      if (requests.length === 0) throw new Error('no HTTP request in the file')
      return requests
    })
  }
}

/**
 * The run's requests: the routes the vanilla process found, with --openapi and --har matched by
 * it; and the HAR's alone (bench replays only the traffic when there is one).
 */
async function buildTargets(
  args: CliArgs,
  sources: Sources,
  vanilla: { peer: IpcPeer; routes: RouteInfo[] }
): Promise<{ targets: CheckTarget[]; har: CheckTarget[] | undefined }> {
  const match: Matcher = async (requests) =>
    (await vanilla.peer.request({ type: 'match', requests }, 60_000))['templates'] as Array<string | null>
  const given: CheckTarget[] = []
  if (sources.spec !== undefined) {
    try {
      given.push(...(await matchSpec(sources.spec, vanilla.routes, match, args.allowUnmatched)).targets)
    } catch (error) {
      throw new UsageError(`pulya: --openapi ${args.openapi as string}: ${firstLine(error)}`)
    }
  }
  let har: CheckTarget[] | undefined
  if (sources.har !== undefined) {
    try {
      har = await matchHar(sources.har, match, args.harHosts)
      given.push(...har)
    } catch (error) {
      throw new UsageError(`pulya: --har ${args.har as string}: ${firstLine(error)}`)
    }
  }
  return {
    targets: checkTargets(vanilla.routes, { samples: sources.samples, given, methods: args.methods }),
    har: har === undefined ? undefined : checkTargets([], { given: har })
  }
}

/** The app processes `check` compares: two vanilla (nondeterminism shows between them) and pulya. */
interface CheckSides {
  vanilla: number
  vanillaAgain: number
  pulya: number
}

/**
 * Every target, then a HEAD per GET template and the unknown paths, to the three processes, one
 * request at a time: each process gets every request once and in the same order, so what a POST
 * changes is the same in all three. Per request pulya's answer comes between the two vanilla
 * ones, so a value that only moves with time (a timestamp) equal in both vanilla answers is
 * equal in pulya's.
 */
async function runCheck(
  sides: CheckSides,
  targets: readonly CheckTarget[],
  ignore: readonly string[]
): Promise<CheckResult[]> {
  const unknown = UNKNOWN_PATHS.map((path): CheckTarget => ({
    template: 'unknown path',
    method: 'GET',
    path,
    headers: {},
    body: null,
    weight: 1
  }))
  const all = [...targets, ...headProbes(targets), ...unknown]
  const progress = progressBar(process.stderr)
  const results: CheckResult[] = []
  for (const target of all) {
    progress(results.length, all.length, `check · ${target.method} ${target.path}`)
    const a = await sendTo(sides.vanilla, target)
    const c = await sendTo(sides.pulya, target)
    const b = await sendTo(sides.vanillaAgain, target)
    results.push(judge(target, a, b, c, ignore))
  }
  progress(results.length, all.length, 'check done')
  return results
}

function pulyaVersion(): string {
  try {
    // dist/esm/cli/main.js → the package root.
    return (
      JSON.parse(
        readFileSync(join(dirname(process.argv[1] as string), '..', '..', '..', 'package.json'), 'utf8')
      ) as { version: string }
    ).version
  } catch {
    return 'unknown'
  }
}

async function bench(args: CliArgs): Promise<number> {
  const started = Date.now()
  const options = args.bench
  let baseline: ReturnType<typeof parseBaseline> | undefined
  if (options.baseline !== undefined) {
    try {
      baseline = parseBaseline(readFileSync(options.baseline, 'utf8'))
    } catch (error) {
      throw new UsageError(`pulya: cannot read --baseline ${options.baseline}: ${firstLine(error)}`)
    }
  }
  const sources = await readSources(args)
  try {
    await importAutocannon()
  } catch (error) {
    throw new LoadError(`pulya: ${firstLine(error)}`)
  }
  const pinning = detectPinning()
  const [vanilla, withPulya, vanillaAgain] = await Promise.all([
    start('vanilla', args, pinning),
    start('pulya', args, pinning),
    ...(options.check ? [start('vanilla', args, pinning)] : [])
  ])
  const { targets, har } = await buildTargets(args, sources, vanilla)
  let check: BenchDoc['meta']['check'] = null
  if (vanillaAgain !== undefined) {
    const results = await runCheck(
      { vanilla: vanilla.port, vanillaAgain: vanillaAgain.port, pulya: withPulya.port },
      targets,
      args.ignoreHeaders
    )
    // Only the two measured processes stay up.
    vanillaAgain.peer.stop()
    if (results.some((r) => r.verdict === 'differs')) {
      process.stdout.write(formatResults(results))
      process.stderr.write(
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
  const loaderPeer = new IpcPeer(
    spawnPinned(
      pinning,
      LOADER_CPU,
      process.execPath,
      [...process.execArgv, process.argv[1] as string, '__loader'],
      { stderr: 'inherit' }
    ),
    'the load generator'
  )
  peers.push(loaderPeer)
  await loaderPeer.waitFor('ready', 30_000)
  const loader = {
    run: async (order: LoadOrder): Promise<LoadResult> => {
      const answer = await loaderPeer.request({ type: 'run', ...order }, (order.duration + 30) * 1000)
      if (typeof answer.error === 'string') throw new Error(`the load generator failed: ${answer.error}`)
      return answer.result as LoadResult
    }
  }
  const server = (side: { peer: IpcPeer; port: number }): BenchServer => ({
    url: `http://127.0.0.1:${side.port}`,
    sample: async () => (await side.peer.request({ type: 'sample' }, 10_000)) as unknown as ServerSample
  })
  if (process.stderr.isTTY) {
    process.stderr.write(
      `pulya bench: ${plan.workloads.length} workloads × ${config.rounds} rounds × 2 servers, about ${Math.ceil(estimateSeconds(plan.workloads.length, config))} s\n`
    )
  }
  const runs = await runBench(
    plan.workloads,
    { vanilla: server(vanilla), pulya: server(withPulya) },
    loader,
    config,
    progressBar(process.stderr)
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
      pulyaVersion: pulyaVersion(),
      pulyaOptions: args.pulyaOptions ?? null,
      config: { ...config, top: options.top, routes: options.routes },
      routes: new Set(targets.map((t) => t.template)).size,
      mixRoutes: plan.templates.length,
      check
    },
    workloads,
    gate
  }
  if (options.jsonFile !== undefined) writeFileSync(options.jsonFile, JSON.stringify(doc, null, 2) + '\n')
  if (options.out !== undefined) {
    mkdirSync(options.out, { recursive: true })
    writeFileSync(join(options.out, 'report.md'), renderMarkdown(doc))
    writeFileSync(join(options.out, 'report.html'), renderHtml(doc))
  }
  process.stdout.write(renderMarkdown(doc))
  if (gate !== null && options.gate && gate.regressions.length > 0) {
    for (const line of gateLines(gate)) process.stderr.write(`pulya: ${line}\n`)
    return 1
  }
  return 0
}

async function run(args: CliArgs): Promise<number> {
  if (args.command === 'help') {
    process.stdout.write(HELP)
    return 0
  }
  if (args.command === 'routes') {
    const { routes } = await start('routes', args)
    process.stdout.write(args.json ? JSON.stringify(routes, null, 2) + '\n' : formatRoutes(routes))
    return 0
  }
  if (args.command === 'bench') return bench(args)
  const sources = await readSources(args)
  const [vanilla, vanillaAgain, withPulya] = await Promise.all([
    start('vanilla', args),
    start('vanilla', args),
    start('pulya', args)
  ])
  const { targets } = await buildTargets(args, sources, vanilla)
  const results = await runCheck(
    { vanilla: vanilla.port, vanillaAgain: vanillaAgain.port, pulya: withPulya.port },
    targets,
    args.ignoreHeaders
  )
  process.stdout.write(args.json ? JSON.stringify({ results }, null, 2) + '\n' : formatResults(results))
  return results.some((r) => r.verdict === 'differs') ? 1 : 0
}

if (process.argv[2] === '__child') {
  const [, , , mode = '', app = '', exportName = '', pulyaModule = '', pulyaOptions = ''] = process.argv
  // Never outlive the command: its end closes the IPC channel.
  process.on('disconnect', () => process.exit(0))
  void serverChild(mode, app, exportName, pulyaModule, pulyaOptions)
} else if (process.argv[2] === '__loader') {
  process.on('disconnect', () => process.exit(0))
  loaderChild()
} else {
  Promise.resolve()
    .then(() => run(parseArgs(process.argv.slice(2))))
    .then(
      (code) => {
        process.exitCode = code
      },
      (error: unknown) => {
        process.stderr.write(
          (error instanceof UsageError || error instanceof LoadError
            ? error.message
            : `pulya: ${firstLine(error)}`) + '\n'
        )
        process.exitCode = 2
      }
    )
    .finally(() => {
      for (const peer of peers) peer.stop()
    })
}
