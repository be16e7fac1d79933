/** Every command's output: its text or --json on stdout, and --out's three files. */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { emitReport } from '../../../src/cli/commands/output.js'

const report = { text: 'text\n', markdown: '# md\n', html: '<p>\n', json: { a: 1 } }

describe('emitReport', () => {
  it.each([
    [{ json: false, out: undefined }, 'text\n'],
    [{ json: true, out: undefined }, '{\n  "a": 1\n}\n']
  ])('%j: stdout gets %j, no files', (args, printed) => {
    let out = ''
    emitReport(report, args, { stdout: { write: (text: string) => (out += text) } })
    expect(out).toBe(printed)
  })

  it('--out: report.md, report.html and results.json too', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'pulya-output-')), 'out')
    emitReport(report, { json: false, out: dir }, { stdout: { write: () => true } })
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toBe('# md\n')
    expect(existsSync(join(dir, 'report.html'))).toBe(true)
    expect(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'))).toEqual({ a: 1 })
  })
})
