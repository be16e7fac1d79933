/** A command's context in-process: captured stdout and stderr, and a stand-in launcher. */
import type { RequestListener } from 'node:http'
import type { AppMode } from '../../src/cli/children/app-server.js'
import type { AppProcess, Launcher } from '../../src/cli/child-processes.js'
import type { CommandContext } from '../../src/cli/commands/context.js'
import type { Pinning } from '../../src/cli/pinning.js'
import type { RouteInfo } from '../../src/cli/routes.js'
import { result } from './_bench-fixtures.js'
import { echo, fakeApp, type FakeAppOptions } from './_servers.js'

/** What a stand-in launcher was asked: each app process's mode and pinning, and loaders started. */
export interface LauncherLog {
  apps: Array<{ mode: AppMode; pinning: Pinning | undefined }>
  loaders: number
  /** The app processes started, in order. */
  started: Array<AppProcess & { stopped: number }>
}

/**
 * A launcher whose app processes are in-process servers answering with `handlers[mode]` (echo
 * by default), shaped by `options[mode]` (or `options.all`: kind, serving, how they end), and
 * whose load generator reports 100 requests per window at once.
 */
export function fakeLauncher(
  routes: RouteInfo[],
  handlers: Partial<Record<AppMode, RequestListener>> = {},
  options: Partial<Record<AppMode, FakeAppOptions>> & { all?: FakeAppOptions } = {}
): Launcher & { log: LauncherLog } {
  const log: LauncherLog = { apps: [], loaders: 0, started: [] }
  return {
    log,
    startApp: async (mode, _args, pinning) => {
      log.apps.push({ mode, pinning })
      const app = await fakeApp(handlers[mode] ?? echo, routes, {
        label: `the ${mode} app process`,
        ...options.all,
        ...options[mode]
      })
      log.started.push(app)
      return app
    },
    startLoader: () => {
      log.loaders++
      return Promise.resolve({ run: () => Promise.resolve(result()) })
    }
  }
}

/** A context writing into strings; stderr a terminal when `tty`. */
export function testContext(
  launcher: Launcher,
  { tty = false }: { tty?: boolean } = {}
): CommandContext & { out: () => string; err: () => string } {
  let out = ''
  let err = ''
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { isTTY: tty, columns: 80, write: (text: string) => (err += text) },
    launcher,
    out: () => out,
    err: () => err
  }
}

/** Every app process a launcher started is closed (test servers must not outlive the file). */
export function stopAll(launcher: { log: LauncherLog }): void {
  for (const app of launcher.log.started) if (app.stopped === 0) app.stop()
}
