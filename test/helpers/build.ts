/**
 * Tests that run pulya's published build in child processes need dist/ current: `npm test`
 * builds just before vitest runs; a lone `vitest run` builds here if dist/ is missing or stale.
 * @module
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readdir, realpath, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const exec = promisify(execFile)

/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

async function newestMtime(dir: string): Promise<number> {
  const names = await readdir(dir, { recursive: true })
  // A file removed (by a colleague's editor, say) between readdir and stat counts as old.
  const times = await Promise.all(
    names.map(async (name) =>
      stat(join(dir, name)).then(
        (s) => s.mtimeMs,
        () => 0
      )
    )
  )
  return Math.max(0, ...times)
}

/**
 * Builds as `npm run build` does — tshy, then the subpath folders (scripts/subpath-stubs.mjs) —
 * unless both builds are newer than every file of src/ and the subpath folders are there.
 */
export async function buildIfNeeded(): Promise<void> {
  const builds = [join(ROOT, 'dist/esm/index.js'), join(ROOT, 'dist/commonjs/index.js')]
  if (builds.every((file) => existsSync(file)) && existsSync(join(ROOT, 'express/package.json'))) {
    const built = Math.min(...(await Promise.all(builds.map(async (file) => (await stat(file)).mtimeMs))))
    if ((await newestMtime(join(ROOT, 'src'))) <= built) return
  }
  const options = { cwd: ROOT, maxBuffer: 16 * 1024 * 1024, timeout: 150_000 }
  await exec(process.execPath, [await realpath(join(ROOT, 'node_modules/.bin/tshy'))], options)
  await exec(process.execPath, [join(ROOT, 'scripts/subpath-stubs.mjs')], options)
}

/**
 * Installs the packed `tarball` into the consumer project at `consumer` (its package.json
 * written first) as users install pulya: only the tarball goes through npm, so its
 * `dependencies` are the published ones.
 *
 * @example
 * await installTarball(join(work, 'pulya-0.1.0.tgz'), consumer, { name: 'consumer', private: true })
 */
export async function installTarball(tarball: string, consumer: string, manifest: object): Promise<void> {
  await writeFile(join(consumer, 'package.json'), JSON.stringify(manifest))
  // --prefix pins the install here even when `npm test` exports this repo's npm_config_* to us.
  const flags = ['--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', '--ignore-scripts']
  await exec('npm', ['install', '--prefix', consumer, ...flags, tarball], {
    cwd: consumer,
    maxBuffer: 16 * 1024 * 1024,
    timeout: 150_000
  })
}
