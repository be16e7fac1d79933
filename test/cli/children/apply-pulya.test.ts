/** How the pulya app process gets pulya: the documented install, --pulya's options, --pulya-module. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import express from 'express'
import Koa from 'koa'
import { describe, expect, it } from 'vitest'
import { LoadError } from '../../../src/cli/app-loader.js'
import { applyPulya, defaultApply } from '../../../src/cli/children/apply-pulya.js'

const dir = mkdtempSync(join(tmpdir(), 'pulya-apply-'))

describe('applyPulya', () => {
  it("Koa: pulya's middleware goes first", async () => {
    const app = new Koa()
    const own = (): void => undefined
    app.use(own)
    await applyPulya(app, 'koa', undefined, { cache: { max: 10 } })
    expect(app.middleware).toHaveLength(2)
    expect(app.middleware[1]).toBe(own)
  })

  it("Express: accelerate() takes over the app's router", async () => {
    const app = express()
    app.get('/', () => undefined)
    const router = (): { handle: unknown } => app.router as unknown as { handle: unknown }
    const handle = router().handle
    await applyPulya(app, 'express', undefined, undefined)
    expect(router().handle).not.toBe(handle)
  })

  it('a bad --pulya option is a LoadError naming --pulya', async () => {
    const error = await applyPulya(new Koa(), 'koa', undefined, { cache: { max: -1 } }).catch(
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(LoadError)
    expect((error as Error).message).toBe(
      'pulya: --pulya: option "cache.max" must be a positive integer, received -1'
    )
  })

  it('any other failure is passed on as it is', async () => {
    await expect(applyPulya({}, 'koa', undefined, undefined)).rejects.toThrow(TypeError)
  })

  it("--pulya-module: its default export is called with the app, its kind and pulya's own install", async () => {
    const file = join(dir, 'record.mjs')
    writeFileSync(file, 'export default (app, kind, apply) => { app.calls.push([kind, apply]) }\n')
    const app = { calls: [] as unknown[] }
    await applyPulya(app, 'express', file, { ignored: true })
    expect(app.calls).toEqual([['express', defaultApply]])
  })
})
