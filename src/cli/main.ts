#!/usr/bin/env node
/**
 * The `pulya` command (package bin): main() parses the arguments and runs the command's module
 * (commands/); the same script started with `__child` or `__loader` is one of the command's own
 * child processes (children/). runProcess() gives them a process; the last line is the bin.
 */
import { AppFailure } from './app-failure.js'
import { LoadError, firstLine } from './app-loader.js'
import { UsageError, parseArgs } from './args.js'
import { ChildProcesses } from './child-processes.js'
import { APP_SERVER, readAppServerArgs, serveApp } from './children/app-server.js'
import { LOAD_RUNNER, runLoadRunner } from './children/load-runner.js'
import { benchCommand } from './commands/bench.js'
import { checkCommand } from './commands/check.js'
import type { CommandContext } from './commands/context.js'
import { explainCommand } from './commands/explain.js'
import { routesCommand } from './commands/routes.js'
import { HELP } from './help.js'
import { processChannel, type ChannelProcess, type IpcMessage } from './ipc-peer.js'
import { ownVersion } from './own-version.js'

/**
 * What a failed command prints: its own line for usage, load and app failures (then the app's
 * stderr lines, indented), else the error's first line; never a stack of pulya's.
 */
function errorText(error: unknown): string {
  if (error instanceof AppFailure) return [error.message, ...error.details.map((l) => `    ${l}`)].join('\n')
  return error instanceof UsageError || error instanceof LoadError
    ? error.message
    : `pulya: ${firstLine(error)}`
}

/**
 * Runs the command `argv` (without node and the script) asks for, and returns its exit code:
 * 0 ok; 1 check found a difference (pulya's answer differs, or only pulya's process crashed or
 * hung on a request) or bench a regression; 2 anything that stopped the command (one line on
 * stderr; docs/cli.md, "Exit codes").
 * @example await main(['routes', './app.js'], context) // 0, the routes on context.stdout
 */
export async function main(argv: readonly string[], context: CommandContext): Promise<number> {
  try {
    const args = parseArgs(argv)
    for (const line of args.deprecations) context.stderr.write(`${line}\n`)
    if (args.command === 'routes') return await routesCommand(args, context)
    if (args.command === 'check') return await checkCommand(args, context)
    if (args.command === 'bench') return await benchCommand(args, context)
    if (args.command === 'explain') return await explainCommand(args, context)
    context.stdout.write(args.command === 'version' ? `${ownVersion()}\n` : HELP)
    return 0
  } catch (error) {
    context.stderr.write(`${errorText(error)}\n`)
    return error instanceof AppFailure ? error.exitCode : 2
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
      launcher: children
    })
  } finally {
    children.stopAll()
  }
}

void runProcess(process)
