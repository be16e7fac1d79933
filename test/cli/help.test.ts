/**
 * One flag language, said the same everywhere: every option the parser takes is in --help and
 * in docs/cli.md's options table (the hidden test hook aside), every old spelling is
 * documented as deprecated, and the README's CLI section names only options that exist.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { OPTION_NAMES } from '../../src/cli/args.js'
import { HELP } from '../../src/cli/help.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const docs = readFileSync(join(root, 'docs/cli.md'), 'utf8')
const readme = readFileSync(join(root, 'README.md'), 'utf8')
const table = docs.slice(docs.indexOf('## Every option'), docs.indexOf('## Exit codes'))
const HIDDEN = new Set(['--pulya-module'])
const DEPRECATED = new Set(['--check', '--no-check'])
const current = OPTION_NAMES.filter((name) => !HIDDEN.has(name) && !DEPRECATED.has(name))

describe('--help, docs/cli.md and the README agree with the parser', () => {
  it.each(current)('%s is in --help and in the options table', (name) => {
    expect(HELP).toMatch(new RegExp(`^  ${name}\\b`, 'm'))
    expect(table).toContain(`| \`${name}`)
  })

  it.each([...DEPRECATED, 'bench --json <file>'])(
    'the old %s is documented as deprecated, not offered in --help',
    (name) => {
      expect(docs).toMatch(new RegExp(`\`${name.replace(/[-<>]/g, (c) => `\\${c}`)}\`[^\\n]*deprecated`))
      expect(HELP).not.toMatch(new RegExp(`^  ${name}\\b`, 'm'))
    }
  )

  it("the README's CLI section names only options the parser takes", () => {
    const section = readme.slice(readme.indexOf('npx pulya routes'), readme.indexOf('## Compatibility'))
    for (const option of section.match(/--[a-z-]+/g) ?? []) expect(OPTION_NAMES).toContain(option)
  })

  it('docs/cli.md has no stale "not yet" paragraph', () => {
    expect(docs).not.toMatch(/not yet/i)
  })
})
