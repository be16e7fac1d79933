/**
 * The modules a Koa app itself runs with, found from the objects Koa gives it: pulya requires
 * a Koa's own dependencies (`mime-types`, `statuses`, `on-finished`) from where that Koa lives,
 * never its own copies, which could be other versions. A Koa loaded from a bundle is not in the
 * CommonJS cache: pulya then leaves it alone.
 */
import { createRequire } from 'module'
import Stream from 'stream'
import type { Statuses } from '../host-types.js'
import type { KoaMajor } from './known-sources.js'

/** A Koa's test for a stream body. */
export type StreamTest = (value: unknown) => boolean

/** Koa 2's stream test (`val instanceof Stream`); Koa 3 has its own, lib/is-stream.js. */
export function isNodeStream(value: unknown): boolean {
  return value instanceof Stream
}

/** The stream test of a Koa whose files are at `path`: Koa 3's own lib/is-stream.js, or Koa 2's. */
export function streamTestOf(path: string, major: KoaMajor): StreamTest {
  return major === 'koa-3' ? (createRequire(path)('./is-stream.js') as StreamTest) : isNodeStream
}

/** The status messages by code in a Koa's `statuses`: the module itself in Koa 2, its `message` in Koa 3. */
export function statusMessages(
  statuses: Statuses,
  major: KoaMajor
): Readonly<Record<number, string | undefined>> {
  return (major === 'koa-2' ? statuses : statuses.message) as Readonly<Record<number, string | undefined>>
}
