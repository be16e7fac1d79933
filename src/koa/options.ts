/**
 * Koa's options: the shared ones only (`src/core/options.ts`). Express's own options are
 * refused by name rather than accepted and ignored.
 */
import { resolveCoreOptions, type CoreOptions, type HostOptionSet, type ResolvedCoreOptions } from '../core/options.js'

/** Options accepted by Koa's `pulya(options)` and by pulya's Router (under its `pulya` key). */
export type KoaOptions = CoreOptions

const KOA: HostOptionSet = { host: 'Koa', names: [], foreign: { serverClasses: 'Express', responses: 'Express' } }

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
