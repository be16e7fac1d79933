/**
 * Reading the generated tests' knobs from the environment.
 * @module
 */

/** A non-negative integer from environment variable `name`, or `fallback` when unset. */
export function envInteger(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isSafeInteger(value) || value < 0)
    throw new TypeError(`${name} must be a non-negative integer, received ${JSON.stringify(raw)}`)
  return value
}
