/**
 * Tests that run pulya's published build in child processes need dist/ current: `npm test`
 * builds just before vitest runs; a lone `vitest run` builds here if dist/ is missing or stale.
 * @module
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readdir, realpath, stat } from 'node:fs/promises'
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

/** Builds dist/ with tshy unless both builds are newer than every file of src/. */
export async function buildIfNeeded(): Promise<void> {
  const builds = [join(ROOT, 'dist/esm/index.js'), join(ROOT, 'dist/commonjs/index.js')]
  if (builds.every((file) => existsSync(file))) {
    const built = Math.min(...(await Promise.all(builds.map(async (file) => (await stat(file)).mtimeMs))))
    if ((await newestMtime(join(ROOT, 'src'))) <= built) return
  }
  await exec(process.execPath, [await realpath(join(ROOT, 'node_modules/.bin/tshy'))], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
    timeout: 150_000
  })
}
