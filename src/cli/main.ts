#!/usr/bin/env node
/**
 * The `pulya` command (package bin). The parent parses arguments, starts the app in child
 * processes (this same file with `__child`) and compares; the children load the user's app,
 * list its routes and serve it on 127.0.0.1 only. Everything it decides is in the tested
 * modules beside it (args, load, routes, compare); this file is process glue, run only in
 * processes v8 coverage does not see (see vitest.config.ts), and tested end to end in
 * test/cli/cli.test.ts.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { HELP, UsageError, parseArgs, type CliArgs } from './args.js'
import { formatResults, judge, type Answer, type CheckResult } from './compare.js'
import { LoadError, firstLine, loadApp, type AppKind } from './load.js'
import { readFileSync } from 'node:fs'
import { checkTargets, discoverRoutes, formatRoutes, parseSamples, type RouteInfo, type Samples } from './routes.js'

/** Paths no app is expected to route: their 404s are compared too. */
const UNKNOWN_PATHS = ['/__pulya_check_unknown', '/__pulya_check_unknown/deeper?x=1']

/** Every child started, killed when the command ends. */
const children: ChildProcess[] = []

type ChildMessage = { error: string } | { routes: RouteInfo[]; port?: number }

async function child(mode: string, app: string, exportName: string, pulyaModule: string): Promise<void> {
  const send = (message: ChildMessage): void => { process.send?.(message) }
  try {
    const loaded = await loadApp(app, exportName === '' ? undefined : exportName)
    const routes = discoverRoutes(loaded.app, loaded.kind)
    if (mode === 'routes') {
      send({ routes })
      return
    }
    if (mode === 'pulya') await applyPulya(loaded.app, loaded.kind, pulyaModule)
    const listener = loaded.kind === 'express' ? (loaded.app as (...a: unknown[]) => void) : (loaded.app as { callback(): (...a: unknown[]) => void }).callback()
    const { createServer } = await import('node:http')
    const server = createServer(listener as Parameters<typeof createServer>[0] & object)
    server.listen(0, '127.0.0.1', () => { send({ routes, port: (server.address() as AddressInfo).port }) })
  } catch (error) {
    send({ error: error instanceof LoadError ? error.message : `pulya: ${firstLine(error)}` })
  }
}

/** pulya's documented install on an app already built: accelerate() (Express), first middleware (Koa). */
async function defaultApply(app: unknown, kind: AppKind): Promise<void> {
  if (kind === 'express') (await import('../express/index.js')).accelerate(app)
  else (app as { middleware: unknown[] }).middleware.unshift((await import('../koa/index.js')).pulya())
}

async function applyPulya(app: unknown, kind: AppKind, pulyaModule: string): Promise<void> {
  if (pulyaModule === '') return defaultApply(app, kind)
  const mod = (await import(pathToFileURL(resolve(pulyaModule)).href)) as { default: (app: unknown, kind: AppKind, apply: typeof defaultApply) => Promise<void> | void }
  await mod.default(app, kind, defaultApply)
}

/** Starts a child; resolves with its first message. */
function start(mode: string, args: CliArgs): Promise<{ process: ChildProcess; message: ChildMessage }> {
  const proc = fork(process.argv[1] as string, ['__child', mode, args.app, args.exportName ?? '', args.pulyaModule ?? ''], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
  children.push(proc)
  return new Promise((done, fail) => {
    proc.once('message', (message) => { done({ process: proc, message: message as ChildMessage }) })
    proc.once('exit', (code) => { fail(new LoadError(`pulya: the app's process exited (code ${String(code)}) before it was ready`)) })
  })
}

function get(port: number, path: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => { done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }) })
      res.on('error', fail)
    })
    req.on('error', fail)
    req.end()
  })
}

function unwrap(message: ChildMessage): { routes: RouteInfo[]; port?: number } {
  if ('error' in message) throw new LoadError(message.error)
  return message
}

async function run(args: CliArgs): Promise<number> {
  if (args.command === 'help') {
    process.stdout.write(HELP)
    return 0
  }
  if (args.command === 'routes') {
    const { routes } = unwrap((await start('routes', args)).message)
    process.stdout.write(args.json ? JSON.stringify(routes, null, 2) + '\n' : formatRoutes(routes))
    return 0
  }
  {
    let samples: Samples = {}
    if (args.samples !== undefined) {
      try {
        samples = parseSamples(readFileSync(args.samples, 'utf8'))
      } catch (error) {
        throw new UsageError(`pulya: cannot read --samples ${args.samples}: ${firstLine(error)}`)
      }
    }
    const [vanilla, withPulya] = await Promise.all([start('vanilla', args), start('pulya', args)])
    const { routes, port: vanillaPort } = unwrap(vanilla.message)
    const { port: pulyaPort } = unwrap(withPulya.message)
    const targets = [...checkTargets(routes, samples), ...UNKNOWN_PATHS.map((path) => ({ template: 'unknown path', path, headers: {} }))]
    const results: CheckResult[] = []
    for (const { template, path, headers } of targets) {
      const a = await get(vanillaPort as number, path, headers)
      const b = await get(vanillaPort as number, path, headers)
      const c = await get(pulyaPort as number, path, headers)
      results.push(judge(template, path, a, b, c, args.ignoreHeaders))
    }
    process.stdout.write(args.json ? JSON.stringify({ results }, null, 2) + '\n' : formatResults(results))
    return results.some((r) => r.verdict === 'differs') ? 1 : 0
  }
}

if (process.argv[2] === '__child') {
  const [, , , mode = '', app = '', exportName = '', pulyaModule = ''] = process.argv
  void child(mode, app, exportName, pulyaModule)
} else {
  Promise.resolve().then(() => run(parseArgs(process.argv.slice(2)))).then(
    (code) => { process.exitCode = code },
    (error: unknown) => {
      process.stderr.write((error instanceof UsageError || error instanceof LoadError ? error.message : `pulya: ${firstLine(error)}`) + '\n')
      process.exitCode = 2
    }
  ).finally(() => { for (const proc of children) proc.kill() })
}
