/**
 * The last lines a child process wrote to stderr: the command keeps its app processes' stderr
 * to itself (three copies of an app's log would bury its own output) and shows the tail when
 * a process fails, where the app's own words say why.
 */

/** Lines kept: enough for an error and the top of its stack. */
export const TAIL_LINES = 12

/** Collects a stream's text and keeps its last TAIL_LINES lines. */
export class StderrTail {
  private lines: string[] = []
  private partial = ''

  /** Adds a chunk as the stream gave it. */
  write(chunk: Buffer | string): void {
    const parts = (this.partial + chunk.toString()).split('\n')
    this.partial = parts.pop() as string
    this.lines.push(...parts)
    if (this.lines.length > TAIL_LINES) this.lines = this.lines.slice(-TAIL_LINES)
  }

  /** The last lines (the unfinished one included), blank ones left out. */
  tail(): string[] {
    return [...this.lines, this.partial].filter((line) => line.trim() !== '').slice(-TAIL_LINES)
  }
}
