import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { declarationOf, fingerprint, fingerprintText, knownSourcesOf } from '../../src/core/known-sources.js'
import { EXPRESS_KNOWN_SOURCES } from '../../src/express/responses/known-sources.js'

const require = createRequire(import.meta.url)

describe('known sources registry', () => {
  it('fingerprints a function by its text and anything else as empty', () => {
    expect(
      fingerprint(function f() {
        return 1
      })
    ).toBe(
      fingerprint(function f() {
        return 1
      })
    )
    expect(
      fingerprint(function f() {
        return 1
      })
    ).not.toBe(
      fingerprint(function f() {
        return 2
      })
    )
    expect(fingerprint(undefined)).toBe('')
  })

  it('looks up the meaning of each installed Express response method', () => {
    const sends = knownSourcesOf(EXPRESS_KNOWN_SOURCES, 'send')
    const statuses = knownSourcesOf(EXPRESS_KNOWN_SOURCES, 'sendStatus')
    const cases = [
      ['express4', 'express-4', 'assigns-status-code'],
      ['express52', 'express-5.2', 'calls-status'],
      ['express', 'express-5.3', 'calls-status']
    ] as const
    for (const [pkg, dialect, style] of cases) {
      const res = require(`${pkg}/lib/response.js`) as Record<string, unknown>
      expect(sends.get(fingerprint(res.send))).toBe(dialect)
      expect(statuses.get(fingerprint(res.sendStatus))).toBe(style)
      for (const name of ['json', 'set', 'type'])
        expect(knownSourcesOf(EXPRESS_KNOWN_SOURCES, name).get(fingerprint(res[name]))).toBe('known')
    }
    expect(sends.get(fingerprint(() => 0))).toBeUndefined()
  })

  it("reads a private top-level function from its module's text: Express's logerror", () => {
    const source = 'const a = 1\nfunction f(x) {\n  if (x) { return 1 }\n  return 2\n}\nfunction g() {}'
    const text = declarationOf(source, 'f')
    expect(text).toBe('function f(x) {\n  if (x) { return 1 }\n  return 2\n}')
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the function of that exact text, to compare fingerprints
    const fn = (new Function(`return ${text as string}`) as () => unknown)()
    expect(fingerprintText(text as string)).toBe(fingerprint(fn))
    expect(declarationOf(source, 'missing')).toBeNull()
    expect(declarationOf('\nfunction open(', 'open')).toBeNull()
    const styles = knownSourcesOf(EXPRESS_KNOWN_SOURCES, 'logerror')
    const cases = [
      ['express4', 'logs-stack'],
      ['express52', 'logs-stack'],
      ['express', 'logs-error']
    ] as const
    for (const [pkg, style] of cases) {
      const application = readFileSync(require.resolve(`${pkg}/lib/application.js`), 'utf8')
      expect(styles.get(fingerprintText(declarationOf(application, 'logerror') ?? ''))).toBe(style)
    }
  })

  it('npm run known-sources verifies the table against the installed copies (no network)', () => {
    const out = execFileSync(process.execPath, ['scripts/known-sources.mjs', '--local'], { encoding: 'utf8' })
    expect(out).toContain('express@5.3.0 lib/response.js send aj0Bnm4FSJZUAX2b6Yjhi8wuHAQ= ok')
    expect(out).not.toContain('MISMATCH')
    const add = execFileSync(
      process.execPath,
      ['scripts/known-sources.mjs', '--local', '--add', 'express@5.3.0'],
      { encoding: 'utf8' }
    )
    expect(add).toContain("lib/response.js send: same text as 5.3.0 — add '5.3.0'")
  })
})
