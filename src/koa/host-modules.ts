/**
 * The modules a Koa app itself runs with, found from the objects Koa gives it: pulya requires
 * a Koa's own dependencies (`mime-types`, `statuses`, `on-finished`) from where that Koa lives,
 * never its own copies, which could be other versions. A Koa loaded from a bundle is not in the
 * CommonJS cache: pulya then leaves it alone.
 */
import { createRequire } from 'node:module'
import Stream from 'node:stream'

/** The CommonJS modules loaded so far, by file (the process's one module cache). */
export function loadedModules(): NodeJS.Require['cache'] {
  return createRequire(`${process.cwd()}/`).cache
}

/** The file of the loaded CommonJS module whose exports are `exports`, or undefined. */
export function modulePath(exports: unknown): string | undefined {
  const cache = loadedModules()
  for (const key of Object.keys(cache)) if (cache[key]?.exports === exports) return key
  return undefined
}

/** Koa 2's stream test (`val instanceof Stream`); Koa 3 has its own, lib/is-stream.js. */
export function isNodeStream(value: unknown): boolean {
  return value instanceof Stream
}

/** The stream test of a Koa whose files are at `path`: Koa 3's own lib/is-stream.js, or Koa 2's. */
export function streamTestOf(path: string, major: 2 | 3): (value: unknown) => boolean {
  return major === 3 ? (createRequire(path)('./is-stream.js') as (value: unknown) => boolean) : isNodeStream
}

/**
 * What `prepare` made of `key` (a Koa module or class), worked out on first use and kept:
 * fingerprints and module look-ups run once per Koa, not once per app.
 */
export function preparedOnce<Key extends object, Value>(
  cache: WeakMap<Key, Value>,
  key: Key,
  prepare: (key: Key) => Value
): Value {
  if (cache.has(key)) return cache.get(key) as Value
  const value = prepare(key)
  cache.set(key, value)
  return value
}
