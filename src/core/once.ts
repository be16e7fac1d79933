/**
 * A value worked out once per key and kept: fingerprints, module look-ups and tables that
 * depend only on a host's module or class (one per Express or Koa copy, shared by its apps).
 * Keys are held weakly, so a host module that goes away takes its entries with it.
 */

/**
 * `compute(key)` on the first `get(key)`, the same value after. `null` is a value like any
 * other (typically "not a source pulya knows"): it is kept, not computed again; `undefined`
 * means "cannot tell yet" and is not kept, so the next `get` computes again.
 *
 * @example
 * const pages = new OnceMap((modules: FinalhandlerModules) => new FinalPages(modules))
 * pages.get(modules) // built on first use
 */
export class OnceMap<K extends object, V> {
  readonly #values = new WeakMap<K, V>()
  readonly #compute: (key: K) => V

  constructor(compute: (key: K) => V) {
    this.#compute = compute
  }

  /** The value for `key`, computed now if it is the first time. */
  get(key: K): V {
    let value = this.#values.get(key)
    if (value === undefined) {
      value = this.#compute(key)
      this.#values.set(key, value)
    }
    return value
  }
}
