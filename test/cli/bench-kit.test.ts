/**
 * bench-kit.ts is the repo's bench/ harness's one entry into the CLI: every bench/ script
 * imports the CLI through dist/esm/cli/bench-kit.js only, and the kit exports exactly what they
 * import (so moving a CLI file cannot break bench/ unseen, and the kit holds nothing unused).
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import * as kit from '../../src/cli/bench-kit.js'
import { runLoad } from '../../src/cli/load-generator.js'
import { IpcPeer } from '../../src/cli/ipc-peer.js'
import { median } from '../../src/cli/median.js'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** Every bench/ script with its text; generated reports and results are not code. */
const scripts = readdirSync(join(root, 'bench'), { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.mjs') && !/^(results|report)\//.test(name))
  .map((name) => ({ name, text: readFileSync(join(root, 'bench', name), 'utf8') }))

/** The CLI files a script names: `…/cli/<file>.js` in any string. */
function cliPaths(text: string): string[] {
  return [...text.matchAll(/['"`]([^'"`\n]*\bcli\/[\w/-]+\.js)['"`]/g)].map((m) => m[1] as string)
}

/** The names a script takes from bench-kit.js: `import { a, b as c } from` and `const { a } = await import(`. */
function kitNames(text: string): string[] {
  const lists = text.matchAll(
    /(?:import\s*\{([^}]*)\}\s*from\s*|const\s*\{([^}]*)\}\s*=\s*await\s+import\(\s*)'[^']*\/cli\/bench-kit\.js'/g
  )
  return [...lists].flatMap((m) =>
    (m[1] ?? m[2] ?? '')
      .split(',')
      .map((part) => part.trim().split(/\s+as\s+|\s*:\s*/)[0] as string)
      .filter((name) => name !== '')
  )
}

describe('bench-kit: the bench/ harness imports the CLI through it alone', () => {
  it('the scan sees the bench/ scripts that use the CLI', () => {
    expect(scripts.map((s) => s.name)).toEqual(expect.arrayContaining(['http/loader.mjs', 'lib/procs.mjs']))
  })

  it.each(scripts.filter((s) => cliPaths(s.text).length > 0))(
    '$name names no CLI file but bench-kit.js',
    ({ text }) => {
      for (const path of cliPaths(text)) expect(path).toMatch(/(^|\/)dist\/esm\/cli\/bench-kit\.js$/)
    }
  )

  it('the kit exports exactly the names bench/ imports', () => {
    const used = new Set(scripts.flatMap((s) => kitNames(s.text)))
    expect([...used].sort()).toEqual(Object.keys(kit).sort())
  })

  it('re-exports the CLI modules themselves, not copies', () => {
    expect([kit.runLoad, kit.IpcPeer, kit.median]).toEqual([runLoad, IpcPeer, median])
  })

  it.each([
    ["import { a, b as c } from '../../dist/esm/cli/bench-kit.js'", ['a', 'b']],
    ["const { runLoad } = await import('../dist/esm/cli/bench-kit.js')", ['runLoad']],
    ["import { x } from './stats.mjs'", []]
  ])('reads the names of %s', (text, names) => {
    expect(kitNames(text)).toEqual(names)
  })

  it.each([
    ["import { a } from '../../dist/esm/cli/chart.js'", ['../../dist/esm/cli/chart.js']],
    ["await load('cli/procs.js')", ['cli/procs.js']],
    ["import { b } from '../../dist/esm/core/route-index.js'", []]
  ])('finds the CLI paths of %s', (text, paths) => {
    expect(cliPaths(text)).toEqual(paths)
  })
})
