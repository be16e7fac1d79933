/**
 * The progress bar `check` and `bench` draw on stderr when it is a terminal (redrawn in place
 * on one line); on anything else nothing, so piped and CI output stays quiet and parseable.
 */

/** What the bar needs of a stream: process.stderr's TTY fields. */
export interface ProgressStream {
  isTTY?: boolean
  columns?: number
  write(text: string): unknown
}

/** Called with what is done, the total and what comes next; the last call (done = total) ends the line. */
export type Progress = (done: number, total: number, label: string) => void

/**
 * A progress bar on `stream` when it is a terminal; a no-op otherwise.
 * @example progressBar(process.stderr)(3, 10, 'GET /users/1') // [#######.................] 3/10 GET /users/1
 */
export function progressBar(stream: ProgressStream): Progress {
  if (stream.isTTY !== true) return () => undefined
  return (done, total, label) => {
    const width = 24
    const filled = Math.round((Math.min(done, total) / Math.max(1, total)) * width)
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`
    // A terminal that reports no width (0, as under script(1)) gets 100 columns.
    const columns = stream.columns !== undefined && stream.columns > 0 ? stream.columns : 100
    stream.write(`\r\x1b[K${line.slice(0, columns - 1)}${done === total ? '\n' : ''}`)
  }
}
