/**
 * The two object checks option validation needs: any object with keys (a prom-client
 * `Registry` is a class instance and must pass), and a plain object literal (what an options
 * object is).
 */

/**
 * Is `value` an object other than an array: a literal or a class instance.
 *
 * @example
 * isRecord(new Registry()) // true
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/**
 * Is `value` a plain object: a literal or `Object.create(null)`, not a class instance.
 *
 * @example
 * isPlainObject({ max: 10 }) // true
 * isPlainObject(new Map()) // false
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false
  const proto = Object.getPrototypeOf(value) as unknown
  return proto === Object.prototype || proto === null
}
