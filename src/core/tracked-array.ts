/**
 * Tracked arrays: a stack whose mutations bump a version, so a cached index over it can
 * tell in O(1) per request whether it is still valid. The array stays a real Array
 * (`Array.isArray`, indexing, iteration and `length` are untouched); only its mutator
 * methods are interposed, through a prototype placed between it and `Array.prototype`.
 */

import { ARRAY_VERSION as VERSION } from './symbols.js'

type Tracked = unknown[] & { [VERSION]?: number }

const MUTATORS = [
  'push',
  'pop',
  'shift',
  'unshift',
  'splice',
  'sort',
  'reverse',
  'fill',
  'copyWithin'
] as const

const TRACKED_PROTOTYPE: object = Object.create(Array.prototype) as object
for (const name of MUTATORS) {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the tracked array as `this` below
  const original = Array.prototype[name] as (this: unknown[], ...args: unknown[]) => unknown
  Object.defineProperty(TRACKED_PROTOTYPE, name, {
    configurable: true,
    writable: true,
    value: {
      [name](this: Tracked, ...args: unknown[]): unknown {
        this[VERSION] = (this[VERSION] as number) + 1
        return original.apply(this, args)
      }
    }[name]
  })
}

/**
 * Makes `array` tracked (once) and returns its current version.
 * @example const v = trackArray(router.stack); router.stack.push(x); arrayVersion(router.stack) !== v
 */
export function trackArray(array: unknown[]): number {
  if (Object.getPrototypeOf(array) === Array.prototype) {
    Object.setPrototypeOf(array, TRACKED_PROTOTYPE)
    Object.defineProperty(array, VERSION, { configurable: true, enumerable: false, writable: true, value: 0 })
  }
  return arrayVersion(array)
}

/** The version of a tracked array: it changes whenever a mutator method runs. */
export function arrayVersion(array: unknown[]): number {
  return (array as Tracked)[VERSION] ?? -1
}
