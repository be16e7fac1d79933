/** `--out <dir>`: report.md, report.html and results.json in a folder made when missing. */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { jsonText, writeReportFiles } from '../../src/cli/report-files.js'

describe('writeReportFiles', () => {
  it('writes the three files into a new folder; results.json is what --json prints', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pulya-reports-')), 'deeper', 'report')
    writeReportFiles(out, { markdown: '# md\n', html: '<p>html</p>\n', json: { a: [1] } })
    expect(readdirSync(out).sort()).toEqual(['report.html', 'report.md', 'results.json'])
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toBe('# md\n')
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toBe('<p>html</p>\n')
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe(jsonText({ a: [1] }))
    expect(jsonText({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}\n')
  })
})
