/** pulya's own version, from its own package.json however the bin was reached. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ownVersion } from '../../src/cli/own-version.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version

describe('ownVersion', () => {
  it("this module's own package's version", () => {
    expect(ownVersion()).toBe(version)
  })
})
