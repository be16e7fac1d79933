/**
 * Running one agent against one app in a child process (test/agents/_app.cjs), and the cases
 * every agent test shares: each host, each place of pulya's middleware, compared with vanilla.
 * @module
 */
import { execFile } from 'node:child_process'
import { mkdir, symlink } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { promisify } from 'node:util'
import { ROOT } from '../helpers/build.js'

const exec = promisify(execFile)

/** One host under an agent: the app kind `_app.cjs` builds and the packages it is required as. */
export interface AgentHost {
  label: string
  kind: 'express' | 'koa'
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
  for (const [name, pkg] of Object.entries(host.packages)) {
    const link = join(folder, 'node_modules', name)
    await mkdir(dirname(link), { recursive: true })
    await symlink(relative(dirname(link), join(ROOT, 'node_modules', pkg)), link, 'dir').catch((err: unknown) => {
      if ((err as { code?: unknown }).code !== 'EEXIST') throw err
    })
  }
  return folder
}

/**
 * Runs `_app.cjs` with `preload` (an agent's start-up file, loaded with `--require` as the
 * agents document) and returns what it printed: the responses and the agent's records.
 */
export async function runAgent<R>(preload: string, host: AgentHost, mode: Mode, env: Record<string, string> = {}): Promise<AgentRun<R>> {
  const folder = await hostsFolder(host)
  const args = ['--preserve-symlinks', '--require', join(ROOT, 'test/agents', preload), join(ROOT, 'test/agents/_app.cjs'), host.kind, mode]
  const { stdout } = await exec(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, NODE_ENV: 'production', PULYA_AGENT_HOSTS: folder },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000
  })
  return JSON.parse(stdout) as AgentRun<R>
}

/** Runs `tasks` with at most `limit` in flight (two cores: two agent processes at a time). */
export async function pooled<T>(tasks: Array<() => Promise<T>>, limit = 2): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length)
  let next = 0
  async function worker(): Promise<void> {
    while (next < tasks.length) {
      const index = next++
      results[index] = await (tasks[index] as () => Promise<T>)()
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker))
  return results
}
