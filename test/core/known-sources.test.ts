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

  it.each([
    ['express4', 'express-4', 'assigns-status-code'],
    ['express52', 'express-5.2', 'calls-status'],
    ['express', 'express-5.3', 'calls-status']
  ] as const)('looks up the meaning of each response method of the installed %s', (pkg, dialect, style) => {
    const res = require(`${pkg}/lib/response.js`) as Record<string, unknown>
    expect(knownSourcesOf(EXPRESS_KNOWN_SOURCES, 'send').get(fingerprint(res.send))).toBe(dialect)
    expect(knownSourcesOf(EXPRESS_KNOWN_SOURCES, 'sendStatus').get(fingerprint(res.sendStatus))).toBe(style)
    for (const name of ['json', 'set', 'type'])
      expect(knownSourcesOf(EXPRESS_KNOWN_SOURCES, name).get(fingerprint(res[name]))).toBe('known')
  })

  it('knows no other text', () => {
    expect(knownSourcesOf(EXPRESS_KNOWN_SOURCES, 'send').get(fingerprint(() => 0))).toBeUndefined()
  })

  it("reads a private top-level function from its module's text", () => {
    const source = 'const a = 1\nfunction f(x) {\n  if (x) { return 1 }\n  return 2\n}\nfunction g() {}'
    const text = declarationOf(source, 'f')
    expect(text).toBe('function f(x) {\n  if (x) { return 1 }\n  return 2\n}')
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the function of that exact text, to compare fingerprints
    const fn = (new Function(`return ${text as string}`) as () => unknown)()
    expect(fingerprintText(text as string)).toBe(fingerprint(fn))
    expect(declarationOf(source, 'missing')).toBeNull()
    expect(declarationOf('\nfunction open(', 'open')).toBeNull()
  })

  it.each([
    ['express4', 'logs-stack'],
    ['express52', 'logs-stack'],
    ['express', 'logs-error']
  ] as const)("recognises the private logerror of the installed %s by its file's text", (pkg, style) => {
    const application = readFileSync(require.resolve(`${pkg}/lib/application.js`), 'utf8')
    expect(
      knownSourcesOf(EXPRESS_KNOWN_SOURCES, 'logerror').get(
        fingerprintText(declarationOf(application, 'logerror') ?? '')
      )
    ).toBe(style)
  })
})
