/**
 * Fake Express copies for the tests of what pulya finds from an app's `handle`: a
 * `lib/application.js` put in the module cache (its exports carry the `handle` returned), with
 * the files and finalhandler each test needs, in a fresh folder.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const require = createRequire(import.meta.url)

/** The folder holding the `node_modules` of the installed Express (its dependencies). */
export const EXPRESS_MODULES = join(require.resolve('express/package.json'), '..', '..')

/** The module cache, where pulya looks for the loaded application.js. */
export const moduleCache = require.cache

/**
 * A fake Express: `lib/application.js` (empty, in the module cache) and `files` next to it;
 * `linkModules` gives it the installed Express's dependencies.
 * @returns the `handle` its application exports
 */
export function fakeExpress(files: Record<string, string>, linkModules = false): () => void {
  const root = mkdtempSync(join(tmpdir(), 'pulya-express-'))
  mkdirSync(join(root, 'lib'))
  if (linkModules) symlinkSync(EXPRESS_MODULES, join(root, 'node_modules'), 'dir')
  const application = join(root, 'lib', 'application.js')
  writeFileSync(application, '')
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'lib', name), text)
  const handle = function handle(): void {}
  moduleCache[application] = {
    exports: { handle, defaultConfiguration() {} }
  } as unknown as NodeJS.Module
  return handle
}

/**
 * A fake Express whose finalhandler is a package of `version` with nothing else (`null`: none).
 * @returns the `handle` its application exports
 */
export function fakeExpressWithFinalhandler(version: string | null): () => void {
  const root = mkdtempSync(join(tmpdir(), 'pulya-fh-'))
  const application = join(root, 'lib', 'application.js')
  mkdirSync(join(root, 'lib'))
  writeFileSync(application, '')
  if (version !== null) {
    const dir = join(root, 'node_modules', 'finalhandler')
    mkdirSync(dir, { recursive: true })
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'finalhandler', version, main: 'index.js' })
    )
    writeFileSync(join(dir, 'index.js'), 'module.exports = function () {}')
  }
  const handle = function handle(): void {}
  moduleCache[application] = { exports: { handle, defaultConfiguration() {} } } as unknown as NodeJS.Module
  return handle
}
