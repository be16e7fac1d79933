/**
 * The install context: kept on the app once, found again by every later install and by the
 * middleware's `stats()`, summing the counters of every router of the install.
 */
import { describe, expect, it } from 'vitest'
import { resolveExpressOptions } from '../../../src/express/options.js'
import { pulya } from '../../../src/express/index.js'
import {
  attachContext,
  InstallContext,
  installedContext
} from '../../../src/express/install/install-context.js'

describe('the install context', () => {
  it('is found on the app it was attached to, and only there', () => {
    const app = {}
    expect(installedContext(app)).toBeUndefined()
    const install = new InstallContext(resolveExpressOptions())
    attachContext(app, install)
    expect(installedContext(app)).toBe(install)
    expect(Object.keys(app)).toEqual([])
    expect(installedContext({})).toBeUndefined()
  })

  it('sums the counters of no router as zeros, with no monitor', () => {
    const install = new InstallContext(resolveExpressOptions({ warm: false }))
    expect(install.options.warm).toBe(false)
    expect(install.monitor).toBeNull()
    // What a middleware that has installed nothing reports.
    expect(install.stats()).toEqual(pulya().stats())
  })
})
