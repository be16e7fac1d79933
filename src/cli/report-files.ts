/** `--out <dir>`: every command writes report.md, report.html and results.json there. */
import { mkdirSync, writeFileSync } from 'fs'
import { join } from 'path'

/** A command's results in the three forms `--out` writes. */
export interface ReportFiles {
  markdown: string
  html: string
  /** The value `--json` prints: written as results.json. */
  json: unknown
}

/** The results as `--json` prints them (and results.json holds them). */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n'
}

/**
 * Writes report.md, report.html and results.json into `dir` (created when missing).
 * @example writeReportFiles('pulya-report', { markdown, html, json })
 */
export function writeReportFiles(dir: string, files: ReportFiles): void {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'report.md'), files.markdown)
  writeFileSync(join(dir, 'report.html'), files.html)
  writeFileSync(join(dir, 'results.json'), jsonText(files.json))
}
