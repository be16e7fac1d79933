/**
 * Running one agent against one app in a child process (test/agents/_app.cjs), and the cases
 * every agent test shares: each host, each place of pulya's middleware, compared with vanilla.
 * @module
 */
import { execFile } from 'node:child_process'
import { mkdir, symlink } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { promisify } from 'node:util'
import { buildIfNeeded, ROOT } from '../helpers/build.js'

const exec = promisify(execFile)

/** One host under an agent: the app kind `_app.cjs` builds and the packages it is required as. */
export interface AgentHost {
  label: string
  kind: 'express' | 'koa' | 'nest'
  /** Required name → this repo's package (an npm alias for older majors). */
  packages: Record<string, string>
}

export const AGENT_HOSTS: readonly AgentHost[] = [
  { label: 'express@4', kind: 'express', packages: { express: 'express4' } },
  { label: 'express@5', kind: 'express', packages: { express: 'express' } },
  { label: 'koa@3', kind: 'koa', packages: { koa: 'koa', '@koa/router': '@koa/router' } },
  { label: 'koa@2', kind: 'koa', packages: { koa: 'koa2', '@koa/router': '@koa/router' } }
]

/** Where pulya's middleware goes: the first line of the app, among its middlewares, or last. */
export const PULYA_MODES = ['first', 'middle', 'last'] as const
export type Mode = 'vanilla' | (typeof PULYA_MODES)[number]

/**
 * The slower agents (a few seconds of start-up per process) run a smaller matrix: Express 4
 * and 5 and Koa 3, pulya first and last. OpenTelemetry runs all of it (Koa 2, pulya among the
 * middlewares), and test/express/agent-wrapping.test.ts every place without an agent.
 */
export const SHORT_HOSTS = AGENT_HOSTS.filter((host) => host.label !== 'koa@2')
export const SHORT_MODES = ['first', 'last'] as const

export interface AgentRun<R> {
  responses: Array<{ method: string; target: string; status: number; body: string }>
  records: R
}

/**
 * A folder whose node_modules names each host package by the name it is required as.
 * Agents hook a module by the package folder it loads from, so `express4` must load from a
 * folder named `express`: the links stay unresolved (`--preserve-symlinks`), and the folder
 * lives inside this repo's node_modules so the hosts' own dependencies resolve as usual.
 */
async function hostsFolder(host: AgentHost): Promise<string> {
  const folder = join(ROOT, 'node_modules/.pulya-agents', host.label.replace('@', ''))
  // pulya itself is required as an installed package, as users have it (agents tell a
  // package's code from the app's by the node_modules in its path).
  const links = { ...host.packages, pulya: '..' }
  for (const [name, pkg] of Object.entries(links)) {
    const link = join(folder, 'node_modules', name)
    await mkdir(dirname(link), { recursive: true })
    await symlink(relative(dirname(link), join(ROOT, 'node_modules', pkg)), link, 'dir').catch(
      (err: unknown) => {
        if ((err as { code?: unknown }).code !== 'EEXIST') throw err
      }
    )
  }
  return folder
}

/**
 * Runs `_app.cjs` with `preload` (an agent's start-up file, loaded with `--require` as the
 * agents document) and returns what it printed: the responses and the agent's records.
 */
export async function runAgent<R>(
  preload: string,
  host: AgentHost,
  mode: Mode,
  env: Record<string, string> = {}
): Promise<AgentRun<R>> {
  const folder = await hostsFolder(host)
  const args = [
    '--preserve-symlinks',
    '--require',
    join(ROOT, 'test/agents', preload),
    join(ROOT, 'test/agents/_app.cjs'),
    host.kind,
    mode
  ]
  const { stdout } = await exec(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, NODE_ENV: 'production', PULYA_AGENT_HOSTS: folder },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000
  })
  return JSON.parse(stdout) as AgentRun<R>
}

/** Runs `tasks` with at most `limit` in flight (two cores: two agent processes at a time). */
async function pooled(tasks: Array<() => Promise<void>>, limit = 2): Promise<void> {
  let next = 0
  async function worker(): Promise<void> {
    while (next < tasks.length) await (tasks[next++] as () => Promise<void>)()
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker))
}

/** The result of one host and mode; one that failed throws its error where it is read. */
export type RunOf<R> = (host: AgentHost, mode: Mode) => R

/**
 * Runs `task` for every host and for vanilla and every mode, two at a time, on a current
 * build of pulya. A run that crashed
 * fails the tests that read it, not the whole file.
 */
export async function runMatrix<R>(
  hosts: readonly AgentHost[],
  modes: readonly Mode[],
  task: (host: AgentHost, mode: Mode) => Promise<R>
): Promise<RunOf<R>> {
  await buildIfNeeded()
  const results = new Map<string, R | Error>()
  const key = (host: AgentHost, mode: Mode): string => `${host.label} ${mode}`
  await pooled(
    hosts.flatMap((host) =>
      ['vanilla' as const, ...modes].map((mode) => async () => {
        results.set(key(host, mode), await task(host, mode).catch((err: unknown) => err as Error))
      })
    )
  )
  return (host, mode) => {
    const result = results.get(key(host, mode))
    if (result instanceof Error) throw result
    if (result === undefined) throw new Error(`no run for ${key(host, mode)}`)
    return result
  }
}
