/** The version of the pulya package a file belongs to: the nearest package.json named pulya above it. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { packageVersion } from '../../src/cli/package-version.js'

describe('packageVersion', () => {
  const project = mkdtempSync(join(tmpdir(), 'pulya-version-'))
  const pulya = join(project, 'node_modules/pulya')
  mkdirSync(join(pulya, 'dist/esm/cli'), { recursive: true })
  // The user's own package.json, and the build's dialect marker, both above the file: passed over.
  writeFileSync(join(project, 'package.json'), '{"name":"my-app","version":"7.0.0"}')
  writeFileSync(join(pulya, 'package.json'), '{"name":"pulya","version":"1.2.3"}')
  writeFileSync(join(pulya, 'dist/esm/package.json'), '{"type":"module"}')
  mkdirSync(join(project, 'broken'))
  writeFileSync(join(project, 'broken/package.json'), '{not json')

  it.each([
    [
      'the built bin in node_modules: the pulya package above it',
      join(pulya, 'dist/esm/cli/main.js'),
      '1.2.3'
    ],
    [
      'a file under no pulya package (a broken package.json passed over)',
      join(project, 'broken/x.js'),
      'unknown'
    ]
  ])('%s', (_what, file, expected) => {
    expect(packageVersion(file)).toBe(expected)
  })
})
