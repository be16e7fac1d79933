import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as symbols from '../../src/core/symbols.js'
import { sourceFiles } from '../helpers/source-files.js'

describe('the symbols pulya keeps state under', () => {
  it('are distinct symbols, each named after its constant', () => {
    const values = Object.values(symbols)
    expect(new Set(values).size).toBe(values.length)
    for (const value of values) {
      expect(typeof value).toBe('symbol')
      expect((value as symbol).description).toMatch(/^pulya\.[a-zA-Z]+$/)
    }
  })

  it.each(sourceFiles().filter((file) => file !== 'src/core/symbols.ts'))(
    '%s makes no symbol of its own (one home: core/symbols.ts)',
    (file) => {
      expect(readFileSync(file, 'utf8')).not.toMatch(/\bSymbol\(/)
    }
  )
})
