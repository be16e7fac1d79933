/** `pulya bench`'s files: --json and --out, each only when asked. */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { renderHtml } from '../../src/cli/bench-html.js'
import { BENCH_FORMAT, renderMarkdown, type BenchDoc } from '../../src/cli/bench-report.js'
import { writeReports } from '../../src/cli/report-files.js'
import { META, summary } from './_bench-fixtures.js'

const doc: BenchDoc = { format: BENCH_FORMAT, meta: META, workloads: [summary('mix', 2, 10)], gate: null }

describe('writeReports', () => {
  it("--json: the whole document, a later run's --baseline; --out: report.md and report.html in a new folder", () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulya-reports-'))
    const out = join(dir, 'deeper', 'report')
    writeReports(doc, { jsonFile: join(dir, 'bench.json'), out })
    expect(JSON.parse(readFileSync(join(dir, 'bench.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(doc)))
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toBe(renderMarkdown(doc))
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toBe(renderHtml(doc))
  })

  it.each([
    [{ json: true, out: false }, ['bench.json']],
    [{ json: false, out: true }, ['report']],
    [{ json: false, out: false }, []]
  ])('%j: only what is asked', (asked, written) => {
    const dir = mkdtempSync(join(tmpdir(), 'pulya-reports-'))
    writeReports(doc, {
      jsonFile: asked.json ? join(dir, 'bench.json') : undefined,
      out: asked.out ? join(dir, 'report') : undefined
    })
    expect(readdirSync(dir)).toEqual(written)
  })
})
