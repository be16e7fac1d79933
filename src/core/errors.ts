/**
 * Every error and warning code pulya gives, in one place: each is stable across versions and
 * documented for users (test/core/errors.test.ts checks that the docs name every one).
 *
 * Errors are thrown at start-up (bad options, a missing optional peer), never at request time:
 * there, pulya hands errors to the host exactly where the host would (`next(err)`, a rethrow).
 */

/** An option of `pulya(options)` (or of a Router) has a bad value or an unknown name: a `TypeError`. */
export const PULYA_ERR_INVALID_OPTION = 'PULYA_ERR_INVALID_OPTION'

/** pulya's Koa `Router` is used and `@koa/router`, which it extends, cannot be loaded. */
export const PULYA_ERR_NO_KOA_ROUTER = 'PULYA_ERR_NO_KOA_ROUTER'

/** Prometheus is asked for (`metrics`, `metricsHandler()`) and `prom-client` cannot be loaded. */
export const PULYA_ERR_PROM_CLIENT = 'PULYA_ERR_PROM_CLIENT'

/** A warning: the root `pulya()` was given options of one host only (Express's) and serves the other. */
export const PULYA_OPTION_IGNORED = 'PULYA_OPTION_IGNORED'

/** A warning: verify mode found a layer the route index left out although the host matches it. */
export const PULYA_VERIFY_MISMATCH = 'PULYA_VERIFY_MISMATCH'

/**
 * A warning: one of pulya's own steps failed and the request was served by the host's own path
 * (once per cause; counted in `stats().fallbacks`).
 */
export const PULYA_FALLBACK = 'PULYA_FALLBACK'

/** Every code above, with what it means: the list the docs are checked against. */
export const PULYA_CODES: Readonly<Record<string, string>> = Object.freeze({
  [PULYA_ERR_INVALID_OPTION]: 'a bad or unknown option (TypeError)',
  [PULYA_ERR_NO_KOA_ROUTER]: "pulya's Koa Router without @koa/router installed",
  [PULYA_ERR_PROM_CLIENT]: 'Prometheus asked for without prom-client installed',
  [PULYA_OPTION_IGNORED]: 'warning: options of another host given to the root pulya()',
  [PULYA_VERIFY_MISMATCH]: 'warning: verify mode found a layer the index left out',
  [PULYA_FALLBACK]: "warning: a step of pulya's failed; the host's own path served the request"
})

/**
 * An error carrying one of the codes above.
 *
 * @example
 * throw pulyaError(TypeError, PULYA_ERR_INVALID_OPTION, 'pulya: option "cache" must be …')
 */
export function pulyaError<E extends Error>(
  Class: new (message: string, options?: ErrorOptions) => E,
  code: string,
  message: string,
  cause?: unknown
): E & { code: string } {
  const error = (cause === undefined ? new Class(message) : new Class(message, { cause })) as E & {
    code: string
  }
  error.code = code
  return error
}

/**
 * Emits `message` as a `PulyaWarning` with one of the codes above.
 *
 * @example
 * emitPulyaWarning(PULYA_OPTION_IGNORED, 'pulya: serverClasses is an option of Express only; …')
 */
export function emitPulyaWarning(code: string, message: string): void {
  process.emitWarning(message, 'PulyaWarning', code)
}
