/**
 * Koa's options: the shared ones only (`src/core/options.ts`). Express's own options (core's
 * `HOST_ONLY_OPTION_NAMES`) are refused by name rather than accepted and ignored.
 */
import {
  hostOptionSet,
  invalidOption,
  resolveCoreOptions,
  type CoreOptions,
  type ResolvedCoreOptions
} from '../core/options.js'

/** Options accepted by Koa's `pulya(options)` and by pulya's Router (under its `pulya` key). */
export type KoaOptions = CoreOptions

const KOA = hostOptionSet('Koa')

/**
 * Validates Koa's options once and returns them resolved and frozen.
 *
 * @throws TypeError with `code === 'PULYA_ERR_INVALID_OPTION'`, naming the option and the value
 * @example
 * resolveKoaOptions({ cache: false }).cache // false
 */
export function resolveKoaOptions(options?: KoaOptions): ResolvedCoreOptions {
  return resolveCoreOptions(options, KOA).resolved
}

/** Options of the middleware only: a Router sees no request before the app's middleware does. */
const MIDDLEWARE_ONLY = ['metrics', 'underPressure'] as const

/**
 * Validates the options of pulya's `Router` (its `pulya` key): Koa's options, less those only
 * the `pulya()` middleware can honour.
 *
 * @throws TypeError with `code === 'PULYA_ERR_INVALID_OPTION'`, naming the option and the value
 */
export function resolveRouterOptions(options?: KoaOptions): ResolvedCoreOptions {
  for (const name of MIDDLEWARE_ONLY) {
    const value = (options as Record<string, unknown> | undefined)?.[name]
    if (value !== undefined)
      throw invalidOption(name, 'left out: it is an option of the pulya() middleware, not of a Router', value)
  }
  return resolveKoaOptions(options)
}
