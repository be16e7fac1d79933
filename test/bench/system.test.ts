/**
 * The Node lines a default run measures the realistic apps on: every major of `engines`.
 */
import { describe, expect, it } from 'vitest'
import { buildIfNeeded } from '../helpers/build.js'

// bench/lib/system.mjs pins through the build (src/cli/pinning.ts, shared with pulya bench).
await buildIfNeeded()
const { engineMajors } = await import('../../bench/lib/system.mjs')

describe('engineMajors', () => {
  it.each([
    ['^20.0.0 || ^22.0.0 || ^24.0.0 || ^26.0.0', [20, 22, 24, 26]],
    ['^18.19.0 || >=20', [18]]
  ])('%s → %j', (range, majors) => {
    expect(engineMajors(range)).toEqual(majors)
  })

  it("reads this repository's engines by default", () => {
    expect(engineMajors()).toEqual([20, 22, 24, 26])
  })
})
