/**
 * scripts/known-sources.mjs, run once per mode. The tables are imported from src, so an entry the
 * script's reading of the table text missed fails here: every entry has one output line per
 * version, `ok` with its fingerprint for each version installed here, "skipped" for the others
 * (`npm run known-sources` installs and checks those). `--add` for an installed version finds
 * every listed function's text among the entries.
 */
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { beforeAll, describe, expect, it } from 'vitest'
import type { KnownSource } from '../../src/core/known-sources.js'
import { EXPRESS_KNOWN_SOURCES } from '../../src/express/responses/known-sources.js'
import { KOA_KNOWN_SOURCES } from '../../src/koa/responses/known-sources.js'

const require = createRequire(import.meta.url)

/** The host copies package.json installs, by their npm aliases (as test/helpers/hosts.ts loads them). */
const INSTALLED = new Set(
  ['express4', 'express52', 'express', 'koa2', 'koa'].map((alias) => {
    const { name, version } = require(`${alias}/package.json`) as { name: string; version: string }
    return `${name}@${version}`
  })
)

const ENTRIES: ReadonlyArray<KnownSource<unknown>> = [...EXPRESS_KNOWN_SOURCES, ...KOA_KNOWN_SOURCES]

/** The version `--add` is run for: one installed here. */
const ADDED = `koa@${(require('koa/package.json') as { version: string }).version}`

/** The script's output lines and exit status: a mismatch exits 1, and the lines still tell which entry. */
function run(...args: string[]): { lines: string[]; status: number | null } {
  const { stdout, status } = spawnSync(process.execPath, ['scripts/known-sources.mjs', '--local', ...args], {
    encoding: 'utf8'
  })
  return { lines: stdout.split('\n'), status }
}

let verified: ReturnType<typeof run>
let added: ReturnType<typeof run>
beforeAll(() => {
  verified = run()
  added = run('--add', ADDED)
})

describe('npm run known-sources -- --local', () => {
  it('passes', () => {
    expect(verified.status).toBe(0)
  })

  it.each(
    ENTRIES.map((entry) => [`${entry.host} ${entry.module} ${entry.name} ${entry.fingerprint}`, entry])
  )('%s', (_label, entry) => {
    for (const version of entry.versions) {
      const spec = `${entry.host}@${version}`
      const head = `${spec} ${entry.module} ${entry.name}`
      const expected = INSTALLED.has(spec)
        ? `${head} ${entry.fingerprint} ok`
        : `${head}: not in node_modules, skipped`
      expect(verified.lines.filter((line) => line === expected)).toEqual([expected])
    }
  })
})

describe(`npm run known-sources -- --local --add ${ADDED}`, () => {
  const keys = [...new Set(KOA_KNOWN_SOURCES.map((entry) => `${entry.module} ${entry.name}`))].map(
    (key) => [key] as const
  )

  it.each(keys)('%s: the same text as a listed entry', (key) => {
    const version = ADDED.slice('koa@'.length)
    const entry = KOA_KNOWN_SOURCES.find(
      (e) => `${e.module} ${e.name}` === key && e.versions.includes(version)
    ) as KnownSource<unknown>
    expect(added.status).toBe(0)
    expect(added.lines).toContain(
      `${key}: same text as ${entry.versions.join(', ')} — add '${version}' to that entry's versions`
    )
  })
})
