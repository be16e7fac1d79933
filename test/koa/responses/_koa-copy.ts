/**
 * Copies of the installed Koa 3 with lib files edited, for tests of what pulya does with a Koa
 * whose sources differ. Each copy is made in a temp directory of its own, beside a
 * `node_modules` link to the repository's, so the copy resolves Koa's dependencies as the
 * installed Koa does; nothing is written under node_modules.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { KoaClass } from '../../helpers/hosts.js'

const require = createRequire(import.meta.url)

/** The installed Koa 3's package directory, and the node_modules it lives in. */
const KOA_DIR = dirname(dirname(require.resolve('koa/lib/application.js')))
const NODE_MODULES = dirname(KOA_DIR)

/** The temp directories made so far. */
const made: string[] = []

/** A Koa copy: its application class and its package directory. */
export interface KoaCopy {
  readonly Koa: KoaClass
  readonly dir: string
}

/**
 * A copy of the installed Koa 3 whose application.js, context.js and response.js are
 * `edit(file, text)`, loaded from a temp directory.
 */
export function koaCopy(edit: (file: string, text: string) => string): KoaCopy {
  const root = mkdtempSync(join(tmpdir(), 'pulya-koa-copy-'))
  made.push(root)
  // A junction on Windows, where a directory symlink needs privileges; a symlink elsewhere.
  symlinkSync(NODE_MODULES, join(root, 'node_modules'), 'junction')
  const dir = join(root, 'koa')
  cpSync(KOA_DIR, dir, { recursive: true })
  for (const file of ['application.js', 'context.js', 'response.js']) {
    const path = join(dir, 'lib', file)
    writeFileSync(path, edit(file, readFileSync(path, 'utf8')))
  }
  return { Koa: require(join(dir, 'lib', 'application.js')) as KoaClass, dir }
}

/** Removes every copy made so far; the link goes first, so nothing is removed through it. */
export function removeKoaCopies(): void {
  for (const root of made.splice(0)) {
    unlinkSync(join(root, 'node_modules'))
    rmSync(root, { recursive: true, force: true })
  }
}
