/**
 * The README's options table is the one place options are documented: every option of every
 * entry point is in it, with the hosts that accept it and its default as resolved.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CORE_OPTION_NAMES, type CoreOptions } from '../src/core/options.js'
import { EXPRESS_OPTION_NAMES, resolveExpressOptions, type ExpressOptions } from '../src/express/options.js'
import { resolveKoaOptions } from '../src/koa/options.js'
import type { PulyaOptions } from '../src/index.js'

// The name lists cover the option types exactly (a compile error otherwise).
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const coreCovered: Exactly<(typeof CORE_OPTION_NAMES)[number], keyof CoreOptions> = true
const expressCovered: Exactly<
  (typeof EXPRESS_OPTION_NAMES)[number],
  Exclude<keyof ExpressOptions, keyof CoreOptions>
> = true
const rootCovered: Exactly<keyof PulyaOptions, keyof ExpressOptions> = true

interface Row {
  option: string
  hosts: string
  default: string
}

function readTable(): Row[] {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const section = readme.slice(readme.indexOf('### Options\n'))
  const lines = section.split('\n').filter((line) => line.startsWith('| `'))
  return lines.map((line) => {
    const [option, hosts, fallback] = line
      .split('|')
      .slice(1, 4)
      .map((cell) => cell.trim()) as [string, string, string]
    return { option: option.replaceAll('`', ''), hosts, default: fallback.replaceAll('`', '') }
  })
}

function accepts(resolve: (options: never) => unknown, option: string): boolean {
  const [name, sub] = option.split('.') as [string, string | undefined]
  try {
    resolve((sub === undefined ? { [name]: undefined } : { [name]: { [sub]: 1 } }) as never)
    return true
  } catch {
    return false
  }
}

function render(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value)
  return `{ ${Object.entries(value)
    .map(([key, item]) => `${key}: ${render(item)}`)
    .join(', ')} }`
}

describe('the README options table', () => {
  const rows = readTable()

  it('names every option once, and nothing else', () => {
    expect([coreCovered, expressCovered, rootCovered]).toEqual([true, true, true])
    const names = rows.map((row) => row.option.split('.')[0])
    expect(new Set(names)).toEqual(new Set([...CORE_OPTION_NAMES, ...EXPRESS_OPTION_NAMES]))
    expect(rows.map((row) => row.option)).toEqual([...new Set(rows.map((row) => row.option))])
  })

  it.each(readTable())('$option: hosts and default as the code has them', (row) => {
    const hosts = [
      accepts(resolveExpressOptions, row.option) ? 'Express' : null,
      accepts(resolveKoaOptions, row.option) ? 'Koa' : null
    ]
      .filter(Boolean)
      .join(', ')
    expect(row.hosts).toBe(hosts)
    const [name, sub] = row.option.split('.') as [string, string | undefined]
    const resolved = resolveExpressOptions() as unknown as Record<string, Record<string, unknown>>
    const value = sub === undefined ? resolved[name] : resolved[name]?.[sub]
    // verify resolves to a share: 0 is documented as `false`.
    expect(row.default).toBe(name === 'verify' && value === 0 ? 'false' : render(value))
  })
})
