import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import * as errors from '../../src/core/errors.js'
import { emitPulyaWarning, PULYA_CODES, PULYA_ERR_INVALID_OPTION, pulyaError } from '../../src/core/errors.js'
import { sourceFiles } from '../helpers/source-files.js'

/** The documentation a user reads: the README, MIGRATION.md and docs/. */
function userDocs(): string {
  const root = new URL('../../', import.meta.url)
  const folder = new URL('docs/', root)
  const docs = (existsSync(folder) ? readdirSync(folder, { withFileTypes: true }) : [])
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => `docs/${entry.name}`)
  return ['README.md', 'MIGRATION.md', ...docs]
    .map((file) => readFileSync(new URL(file, root), 'utf8'))
    .join('\n')
}

const CODES = Object.keys(PULYA_CODES)

describe('error and warning codes', () => {
  it('lists every exported code in PULYA_CODES, and nothing else', () => {
    const exported = Object.entries(errors)
      .filter(
        ([name, value]) => /^PULYA_[A-Z_]+$/.test(name) && name !== 'PULYA_CODES' && typeof value === 'string'
      )
      .map(([name, value]) => {
        expect(value).toBe(name)
        return name
      })
    expect(exported.sort()).toEqual([...CODES].sort())
  })

  it.each(CODES)('documents %s for users', (code) => {
    expect(userDocs()).toContain(code)
  })

  it.each(sourceFiles().filter((file) => file !== 'src/core/errors.ts'))(
    '%s spells no code of its own (one home: core/errors.ts)',
    (file) => {
      // Code, not comments: TSDoc names the codes a function throws.
      const code = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(\*|\/\*|\/\/)/.test(line))
      expect(code.join('\n')).not.toMatch(/['"`]PULYA_[A-Z_]+['"`]/)
    }
  )

  it('pulyaError makes an error of the given class with its code and cause', () => {
    const cause = new Error('underneath')
    const error = pulyaError(TypeError, PULYA_ERR_INVALID_OPTION, 'pulya: bad', cause)
    expect(error).toBeInstanceOf(TypeError)
    expect(error.message).toBe('pulya: bad')
    expect(error.code).toBe(PULYA_ERR_INVALID_OPTION)
    expect(error.cause).toBe(cause)
    expect('cause' in pulyaError(Error, PULYA_ERR_INVALID_OPTION, 'pulya: bad')).toBe(false)
  })

  it('emitPulyaWarning emits a PulyaWarning with the code', () => {
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    try {
      emitPulyaWarning(errors.PULYA_OPTION_IGNORED, 'pulya: ignored')
      expect(emit).toHaveBeenCalledWith('pulya: ignored', 'PulyaWarning', errors.PULYA_OPTION_IGNORED)
    } finally {
      emit.mockRestore()
    }
  })
})
