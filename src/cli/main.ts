#!/usr/bin/env node
/**
 * The `pulya` command (package bin): main() parses the arguments and runs the command's module
 * (commands/); the same script started with `__child` or `__loader` is one of the command's own
 * child processes (children/). runProcess() gives them a process; the last line is the bin.
 */
import { LoadError, firstLine } from './app-loader.js'
import { HELP, UsageError, parseArgs } from './args.js'
import { ChildProcesses } from './child-processes.js'
import { APP_SERVER, readAppServerArgs, serveApp } from './children/app-server.js'
import { LOAD_RUNNER, runLoadRunner } from './children/load-runner.js'
import { benchCommand } from './commands/bench.js'
import { checkCommand } from './commands/check.js'
import type { CommandContext } from './commands/context.js'
import { routesCommand } from './commands/routes.js'
import { processChannel, type ChannelProcess, type IpcMessage } from './ipc-peer.js'

/** The one line a failed command prints: its own for usage and load errors, else the error's first line. */
function errorLine(error: unknown): string {
  return error instanceof UsageError || error instanceof LoadError
    ? error.message
    : `pulya: ${firstLine(error)}`
}

/**
 * Runs the command `argv` (without node and the script) asks for, and returns its exit code:
 * 0 ok, 1 check found a difference or bench a regression, 2 a usage or load error (one line on
 * stderr).
 * @example await main(['routes', './app.js'], context) // 0, the routes on context.stdout
 */
export async function main(argv: readonly string[], context: CommandContext): Promise<number> {
  try {
    const args = parseArgs(argv)
    if (args.command === 'routes') return await routesCommand(args, context)
    if (args.command === 'check') return await checkCommand(args, context)
    if (args.command === 'bench') return await benchCommand(args, context)
    context.stdout.write(HELP)
    return 0
  } catch (error) {
    context.stderr.write(`${errorLine(error)}\n`)
    return 2
  }
}

/** What runProcess uses of a process: node's `process` in the bin. */
export interface CommandProcess extends ChannelProcess {
  argv: readonly string[]
  execPath: string
  execArgv: readonly string[]
  stdout: CommandContext['stdout']
  stderr: CommandContext['stderr']
  exitCode?: number | string | null | undefined
  on(event: 'message', listener: (message: IpcMessage) => void): unknown
  on(event: 'disconnect', listener: () => void): unknown
  exit(code: number): void
}

/**
 * Runs `proc` as what its arguments make it: an app process (`__child`), the load generator
 * (`__loader`), or the command, whose exit code it sets once every child it started is stopped.
 * @example await runProcess(process)
 */
export async function runProcess(proc: CommandProcess): Promise<void> {
  const [, script = '', role, ...rest] = proc.argv
  if (role === APP_SERVER || role === LOAD_RUNNER) {
    // Never outlive the command: its end closes the IPC channel.
    proc.on('disconnect', () => {
      proc.exit(0)
    })
    if (role === APP_SERVER) await serveApp(readAppServerArgs(rest), processChannel(proc))
    else runLoadRunner(processChannel(proc))
    return
  }
  const children = new ChildProcesses({ execPath: proc.execPath, execArgv: proc.execArgv, script })
  try {
    proc.exitCode = await main(proc.argv.slice(2), {
      stdout: proc.stdout,
      stderr: proc.stderr,
      launcher: children,
      script
    })
  } finally {
    children.stopAll()
  }
}

void runProcess(process)
