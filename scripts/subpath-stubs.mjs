// Run after tshy (`npm run build`, `prepack`): for every subpath of package.json's `exports`
// (`./express`, `./koa`, any entry added to `tshy.exports`), a folder of that name holding a
// package.json whose `main`/`types` point at the subpath's CommonJS build — so that tools which
// ignore `exports` (jest 27, TypeScript's `moduleResolution: node`, older bundlers) resolve
// `require('pulya/express')` as Node does — and those folders in `files`, so the tarball has them.
// The folders are build output, ignored by git (.gitignore: `/*/package.json`).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const MANIFEST = join(ROOT, 'package.json')
const pkg = JSON.parse(readFileSync(MANIFEST, 'utf8'))

/** `./express` → its `require` target, as tshy wrote it: `{ types, default }`. */
function requireTarget(subpath) {
  const target = pkg.exports?.[subpath]?.require
  if (typeof target?.default !== 'string' || typeof target.types !== 'string')
    throw new Error(
      `package.json exports["${subpath}"] has no require.default and require.types: run tshy first`
    )
  return target
}

const folders = []
for (const subpath of Object.keys(pkg.tshy.exports)) {
  // The root is served by `main`; `./package.json` is a file of its own.
  if (subpath === '.' || subpath.endsWith('.json')) continue
  const folder = subpath.slice('./'.length)
  const target = requireTarget(subpath)
  const dir = join(ROOT, folder)
  mkdirSync(dir, { recursive: true })
  const toTarget = (file) => relative(dir, join(ROOT, file)).split('\\').join('/')
  const stub = { main: toTarget(target.default), types: toTarget(target.types) }
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(stub, null, 2)}\n`)
  folders.push(folder.split('/')[0])
}

const files = ['dist', ...new Set(folders)]
if (JSON.stringify(pkg.files) !== JSON.stringify(files)) {
  pkg.files = files
  writeFileSync(MANIFEST, `${JSON.stringify(pkg, null, 2)}\n`)
}
