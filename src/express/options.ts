/**
 * Express's options: the shared ones (`src/core/options.ts`) plus the two that only mean
 * something to Express, resolved once when `pulya()` is called.
 */
import {
  booleanOption,
  HOST_ONLY_OPTION_NAMES,
  resolveCoreOptions,
  type CoreOptions,
  type HostOptionSet,
  type ResolvedCoreOptions
} from '../core/options.js'

/** Options accepted by Express's `pulya(options)`. */
export interface ExpressOptions extends CoreOptions {
  /**
   * Let `app.listen()` (and `createServer(app)`) build requests and responses from classes that
   * already carry the app's prototypes, so Express's per-request `Object.setPrototypeOf` is a
   * no-op. `false` leaves `app.listen` as Express has it.
   * @default true
   */
  serverClasses?: boolean
  /**
   * The response paths: ETags of repeated bodies remembered instead of re-hashed, the default
   * 404 and error pages built once, and `res.send`/`res.json`/`res.sendStatus` without their
   * repeated Content-Type work (for the Express sources pulya knows). `false` leaves all of them
   * to Express.
   * @default true
   */
  responses?: boolean
}

/** Express's options after validation. */
export interface ResolvedExpressOptions extends ResolvedCoreOptions {
  readonly serverClasses: boolean
  readonly responses: boolean
}

/** Express's own options, in the README table's order. */
export const EXPRESS_OPTION_NAMES = HOST_ONLY_OPTION_NAMES.Express

const EXPRESS: HostOptionSet = { host: 'Express', names: EXPRESS_OPTION_NAMES, foreign: {} }

/**
 * Validates Express's options once and returns them resolved and frozen.
 *
 * @throws TypeError with `code === 'PULYA_ERR_INVALID_OPTION'`, naming the option and the value
 * @example
 * resolveExpressOptions({ responses: false }).responses // false
 */
export function resolveExpressOptions(options?: ExpressOptions): ResolvedExpressOptions {
  const { resolved, given } = resolveCoreOptions(options, EXPRESS)
  if (options === undefined) return DEFAULTS
  return Object.freeze({
    ...resolved,
    serverClasses: booleanOption('serverClasses', given['serverClasses'], true),
    responses: booleanOption('responses', given['responses'], true)
  })
}

const DEFAULTS: ResolvedExpressOptions = Object.freeze({
  ...resolveCoreOptions(undefined, EXPRESS).resolved,
  serverClasses: true,
  responses: true
})
