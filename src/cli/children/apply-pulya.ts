/**
 * How the pulya app process gets pulya: its documented install on an app already built
 * (accelerate() for Express, pulya's middleware first for Koa) with the `--pulya` options, or
 * the hidden `--pulya-module`'s own install (tests give a deliberately broken one).
 */
import { resolve } from 'path'
import { pathToFileURL } from 'url'
import { LoadError, firstLine, type AppKind } from '../app-loader.js'
import { PULYA_ERR_INVALID_OPTION } from '../../core/errors.js'

/** pulya's documented install on an app already built: accelerate() (Express), first middleware (Koa). */
export async function defaultApply(
  app: unknown,
  kind: AppKind,
  options?: Record<string, unknown>
): Promise<void> {
  if (kind === 'express') {
    const express = await import('../../express/index.js')
    express.accelerate(app, options)
  } else
    (app as { middleware: unknown[] }).middleware.unshift((await import('../../koa/index.js')).pulya(options))
}

/** What `--pulya-module`'s default export is called with: the app, its kind, and defaultApply. */
export type PulyaModule = (app: unknown, kind: AppKind, apply: typeof defaultApply) => Promise<void> | void

/**
 * Installs pulya on `app`: through `pulyaModule` (a path) when given, else defaultApply with
 * `options`. pulya validates its options here, once: a bad `--pulya` value is a LoadError (exit 2).
 * @example await applyPulya(app, 'koa', undefined, { cache: { max: 5000 } })
 */
export async function applyPulya(
  app: unknown,
  kind: AppKind,
  pulyaModule: string | undefined,
  options: Record<string, unknown> | undefined
): Promise<void> {
  if (pulyaModule !== undefined) {
    const mod = (await import(pathToFileURL(resolve(pulyaModule)).href)) as { default: PulyaModule }
    await mod.default(app, kind, defaultApply)
    return
  }
  try {
    await defaultApply(app, kind, options)
  } catch (error) {
    if ((error as { code?: unknown }).code === PULYA_ERR_INVALID_OPTION)
      throw new LoadError(`pulya: --pulya: ${firstLine(error).replace(/^pulya: /, '')}`)
    throw error
  }
}
