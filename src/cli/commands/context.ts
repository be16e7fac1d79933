/** What every command runs with: where it writes, and how it starts its child processes. */
import type { Launcher } from '../child-processes.js'
import type { ProgressStream } from '../progress.js'

/** The command's collaborators: process.stdout/stderr and ChildProcesses in the bin, stand-ins in tests. */
export interface CommandContext {
  /** The result: a table, JSON, the Markdown report. Nothing else goes there. */
  stdout: { write(text: string): unknown }
  /** Errors, the regression gate's lines, and the progress bar when it is a terminal. */
  stderr: ProgressStream
  launcher: Launcher
}
