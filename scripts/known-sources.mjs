#!/usr/bin/env node
// Recomputes the fingerprints of the known host sources (every src/**/known-sources.ts table) from
// the published packages and checks them against the table; exit 1 on a mismatch.
//
//   npm run known-sources                          install each listed version in $TMPDIR, verify
//   npm run known-sources -- --local               use the copies in node_modules (express, express4…), no network
//   npm run known-sources -- --add express@5.4.0   print the table lines for a new version
//
// The table is read as text (one entry per line), so the script needs no build.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const ENTRY =
  /\{ host: '([^']+)', versions: \[([^\]]*)\], module: ([A-Z_]+|'[^']+'), name: '([^']+)', fingerprint: '([^']+)'/

export function fingerprint(fn) {
  return typeof fn === 'function'
    ? createHash('sha1').update(Function.prototype.toString.call(fn)).digest('base64')
    : ''
}

/** The tables, wherever each adapter keeps its own (core's file declares the entry, lists none). */
function tableFiles() {
  return readdirSync(join(root, 'src'), { recursive: true })
    .filter((file) => basename(file) === 'known-sources.ts')
    .sort()
    .map((file) => join(root, 'src', file))
}

/** The entries of every table: { host, versions, module, name, fingerprint }. */
export function readTables() {
  const entries = []
  for (const table of tableFiles()) {
    const text = readFileSync(table, 'utf8')
    const constants = Object.fromEntries(
      [...text.matchAll(/^const ([A-Z_]+) = '([^']+)'$/gm)].map((m) => [m[1], m[2]])
    )
    for (const line of text.split('\n')) {
      const m = ENTRY.exec(line)
      if (m === null) continue
      const module = m[3].startsWith("'") ? m[3].slice(1, -1) : constants[m[3]]
      entries.push({
        host: m[1],
        versions: [...m[2].matchAll(/'([^']+)'/g)].map((v) => v[1]),
        module,
        name: m[4],
        fingerprint: m[5]
      })
    }
  }
  return entries
}

/** The copy of host@version already in node_modules (under its own name or an alias), or null. */
function localCopy(host, version) {
  const modules = join(root, 'node_modules')
  for (const dir of readdirSync(modules)) {
    const manifest = join(modules, dir, 'package.json')
    if (!existsSync(manifest)) continue
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'))
    if (pkg.name === host && pkg.version === version) return join(modules, dir)
  }
  return null
}

function installed(host, version, local, scratch) {
  if (local) return localCopy(host, version)
  const prefix = join(scratch, `${host}@${version}`)
  execFileSync(
    'npm',
    [
      'install',
      '--prefix',
      prefix,
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      `${host}@${version}`
    ],
    { stdio: 'ignore' }
  )
  return join(prefix, 'node_modules', host)
}

// `set type` names an accessor's setter (Koa's response), read without calling the getter;
// `prototype.handleRequest` a method of an exported class; a name the module does not export is
// a top-level declaration read from its text (src/core/known-sources.ts, declarationOf: Express's
// `logerror`, Koa's `respond`).
function fingerprintIn(dir, module, name) {
  const exports = createRequire(join(dir, 'package.json'))(join(dir, module))
  const method = /^prototype\.(.+)$/.exec(name)
  if (method !== null) return fingerprint(exports.prototype?.[method[1]])
  const accessor = /^(get|set) (.+)$/.exec(name)
  if (accessor === null && exports[name] === undefined) {
    const source = readFileSync(join(dir, module), 'utf8')
    let start = source.indexOf(`\nfunction ${name}(`)
    if (start === -1) start = source.indexOf(`\nfunction ${name} (`)
    const end = start === -1 ? -1 : source.indexOf('\n}', start)
    return end === -1
      ? ''
      : createHash('sha1')
          .update(source.slice(start + 1, end + 2))
          .digest('base64')
  }
  if (accessor === null) return fingerprint(exports[name])
  return fingerprint(Object.getOwnPropertyDescriptor(exports, accessor[2])?.[accessor[1]])
}

export function main(argv) {
  const local = argv.includes('--local')
  const addAt = argv.indexOf('--add')
  const entries = readTables()
  const scratch = local ? null : mkdtempSync(join(tmpdir(), 'pulya-known-sources-'))
  try {
    if (addAt !== -1) {
      const spec = argv[addAt + 1] ?? ''
      const at = spec.lastIndexOf('@')
      const host = spec.slice(0, at)
      const version = spec.slice(at + 1)
      if (at <= 0 || !entries.some((e) => e.host === host)) {
        console.error(`known-sources: --add needs host@version of a listed host, got '${spec}'`)
        return 2
      }
      const dir = installed(host, version, local, scratch)
      if (dir === null) {
        console.error(`known-sources: ${spec} not found in node_modules`)
        return 2
      }
      const seen = new Set()
      for (const e of entries.filter((e) => e.host === host)) {
        const key = `${e.module} ${e.name}`
        if (seen.has(key)) continue
        seen.add(key)
        const print = fingerprintIn(dir, e.module, e.name)
        const same = entries.find(
          (o) => o.host === host && o.module === e.module && o.name === e.name && o.fingerprint === print
        )
        console.log(
          same !== undefined
            ? `${key}: same text as ${same.versions.join(', ')} — add '${version}' to that entry's versions`
            : `${key}: new text — { host: '${host}', versions: ['${version}'], module: '${e.module}', name: '${e.name}', fingerprint: '${print}', meaning: … } (read the source, then mirror it)`
        )
      }
      return 0
    }
    let failed = 0
    const dirs = new Map()
    for (const e of entries) {
      for (const version of e.versions) {
        const spec = `${e.host}@${version}`
        if (!dirs.has(spec)) dirs.set(spec, installed(e.host, version, local, scratch))
        const dir = dirs.get(spec)
        if (dir === null) {
          console.log(`${spec} ${e.module} ${e.name}: not in node_modules, skipped`)
          continue
        }
        const print = fingerprintIn(dir, e.module, e.name)
        const ok = print === e.fingerprint
        if (!ok) failed++
        console.log(
          `${spec} ${e.module} ${e.name} ${print} ${ok ? 'ok' : `MISMATCH (table: ${e.fingerprint})`}`
        )
      }
    }
    return failed === 0 ? 0 : 1
  } finally {
    if (scratch !== null) rmSync(scratch, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2))
