/** `pulya bench`'s files: the JSON results (`--json`) and the reports in a folder (`--out`). */
import { mkdirSync, writeFileSync } from 'fs'
import { join } from 'path'
import { renderHtml } from './bench-html.js'
import { renderMarkdown, type BenchDoc } from './bench-report.js'

/**
 * Writes `doc` as JSON to `jsonFile`, and report.md and report.html into `out` (created when
 * missing); either left out when undefined.
 * @example writeReports(doc, { jsonFile: 'bench.json', out: 'bench-report' })
 */
export function writeReports(
  doc: BenchDoc,
  files: { jsonFile: string | undefined; out: string | undefined }
): void {
  if (files.jsonFile !== undefined) writeFileSync(files.jsonFile, JSON.stringify(doc, null, 2) + '\n')
  if (files.out !== undefined) {
    mkdirSync(files.out, { recursive: true })
    writeFileSync(join(files.out, 'report.md'), renderMarkdown(doc))
    writeFileSync(join(files.out, 'report.html'), renderHtml(doc))
  }
}
