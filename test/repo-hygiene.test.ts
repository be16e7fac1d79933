import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const tracked = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' })
  .split('\0')
  .filter((file) => file !== '')

/** The generated-results folder keeps nothing in git; the cited report lives in bench/report/. */
const RESULTS = 'bench/results/'

/**
 * A path of the machine a file was written on: an absolute home, work or temp directory
 * (`/home/…`, `/work/…`, `/tmp/…`, `/Users/…`). A URL's path (`https://host/tmp/…`) and a
 * longer path that merely contains one (`src/work/…`) do not count: the path must start the
 * word.
 */
const MACHINE_PATH = /(?<![\w.:/-])\/(?:home|work|tmp|Users|root)\/[\w.-]/

describe('repository hygiene', () => {
  it('lists the tracked files', () => {
    expect(tracked).toContain('package.json')
  })

  it('keeps no generated results in git', () => {
    expect(tracked.filter((file) => file.startsWith(RESULTS))).toEqual([])
  })

  it('names no absolute path of the machine a file was written on', () => {
    const offenders: string[] = []
    for (const file of tracked) {
      if (file === 'package-lock.json' || /\.(svg|png|jpg|gz|tgz)$/.test(file)) continue
      let text: string
      try {
        text = readFileSync(file, 'utf8')
      } catch {
        continue // listed but deleted in the working tree
      }
      text.split('\n').forEach((line, i) => {
        if (MACHINE_PATH.test(line)) offenders.push(`${file}:${i + 1}: ${line.trim()}`)
      })
    }
    expect(offenders).toEqual([])
  })

  it('declares in package.json every dependency the lockfile installs at the top level', () => {
    // npm ci installs from the lockfile but prunes what package.json no longer names: a
    // dependency dropped from package.json by a merge vanishes on a fresh machine only.
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Record<
      string,
      Record<string, string> | undefined
    >
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
      packages: Record<string, Record<string, Record<string, string> | undefined>>
    }
    const root = lock.packages['']
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
      expect({ field, names: pkg[field] ?? {} }).toEqual({ field, names: root?.[field] ?? {} })
    }
  })

  it('recognises a machine path and leaves URLs and relative paths alone', () => {
    expect(MACHINE_PATH.test('see /' + 'work/shared/guide.md')).toBe(true)
    expect(MACHINE_PATH.test('cd /' + 'tmp/x')).toBe(true)
    expect(MACHINE_PATH.test('https://example.com/tmp/x')).toBe(false)
    expect(MACHINE_PATH.test('src/work/x and $TMPDIR/x')).toBe(false)
  })
})
