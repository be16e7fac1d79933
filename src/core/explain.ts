/**
 * What pulya does for an app, as plain data, for `pulya explain` (the CLI words it): per router,
 * whether pulya's index and route cache work for it and why not where they do not; per response
 * feature, whether it is on and why not. Both adapters' explain modules fill these shapes from
 * state pulya already keeps, reading it only: explaining an app changes nothing in it.
 * Internal: not exported from any entry point.
 */
import { ALWAYS } from './path-pattern.js'
import type { ResolvedCoreOptions } from './options.js'
import type { RouterState } from './router-state.js'
import type { LayerReader } from './stack-index.js'
import { sumRoutingStats, type RoutingStats } from './stats.js'
import { readFileSync } from 'fs'
import { dirname, join } from 'path'

/** Why pulya's index is not in use for a router. */
export type RouterReason =
  /**
   * pulya has not met the router: it meets an app's routers at install or on the first request;
   * `subApp`: an Express sub-app mounted before pulya was installed on its parent (pulya joins
   * the sub-apps mounted after it).
   */
  | { code: 'not-met'; subApp?: boolean }
  /** No more layers than `smallStack`: walking them costs no more than the index would. */
  | { code: 'small'; smallStack: number }
  /** Met, index not built yet: built off the request path (`warm`) or on its next request. */
  | { code: 'not-built' }
  /** The `cache: false` option (Koa: the index serves the cache only). */
  | { code: 'cache-off' }
  /** A layer whose matching pulya cannot remember (Koa: its own `match`, a stateful RegExp). */
  | { code: 'unpure-layer'; position: number; path: string }
  /** The host's own conditions refused the stack, for a reason its explain does not tell. */
  | { code: 'refused' }

/** A layer pulya could not read: tried for every path, as without pulya. */
export interface UnreadLayer {
  position: number
  /** The layer's path as the host keeps it (`<regexp>` when it is one), or `(none)`. */
  path: string
}

/** What pulya does for one router. */
export interface RouterExplanation {
  /** How the app reaches it: `the app's router`, `router at /api`, `@koa/router #2 (prefix /v1)`. */
  name: string
  layers: number
  /** pulya keeps state for it (its dispatch or cache is behind the router). */
  accelerated: boolean
  /** Its index is built and in use. */
  indexed: boolean
  /** Its route cache is on: each path's answer is remembered (false: the option `cache: false`). */
  cached: boolean
  /** In use, and some paths skip some layers (false: every path walks every layer anyway). */
  narrows: boolean
  /** Why the index is not in use; null when it is. */
  reason: RouterReason | null
  /** Layers tried for every path (index in use only); at most the first 5. */
  unread: UnreadLayer[]
  /** How many layers are unread in all. */
  unreadCount: number
  /** Its counters (routers: 1); null when not accelerated. */
  stats: RoutingStats | null
}

/** Why a response feature is off. */
export type FeatureReason =
  /** A function pulya must recognise by its text is not one it knows: this host version is new to it. */
  | { code: 'unknown-source'; member: string; file: string | null; version: string | null }
  /** The app (or a plugin) put its own version of a member there: pulya leaves it alone. */
  | { code: 'app-own'; member: string }
  /** Not needed on this host version (say why). */
  | { code: 'not-needed'; why: string }
  /** The option that turns it off. */
  | { code: 'option-off'; option: string }
  /** pulya has not met the app yet (it does on the app's first request). */
  | { code: 'not-met' }
  /** Nothing of the above: pulya left the host's own, for a reason it does not keep. */
  | { code: 'left-alone' }

/** One response feature: what it does, on or off, and why off. */
export interface FeatureExplanation {
  /** `response.set and ctx.type`, `res.send / res.json`. */
  feature: string
  /** What it saves, one phrase. */
  saves: string
  on: boolean
  reason: FeatureReason | null
}

/** Everything explain says about one app. */
export interface AppExplanation {
  /** The host package as loaded: `koa` and its version, and the file pulya found it at. */
  host: { name: string; version: string | null; file: string | null }
  /** pulya is installed on the app (its middleware found, or its install context). */
  installed: boolean
  routers: RouterExplanation[]
  features: FeatureExplanation[]
}

/** How many unread layers are listed by name. */
const UNREAD_SHOWN = 5

/** How a host's explain reads its routers: its layer reader, a layer's path, and why it refuses a stack. */
export interface RouterReading<L> {
  /** The host's own (pure) layer reader: ALWAYS marks a layer it cannot read. */
  read: LayerReader<L>
  /** A layer's path as the host keeps it, for the unread list. */
  show: (layer: L) => string
  /** A layer meant for every path (a middleware at the root): a candidate for every path, and rightly so. */
  everyPath?: (layer: L) => boolean
  /** Why a stack longer than smallStack was not indexed (the host's own conditions), for a host that refuses any. */
  refused?: (stack: readonly L[]) => RouterReason
}

/**
 * What pulya does for one router it keeps `state` for (or none: not met). Read only: the index
 * is not built or touched; the host's reader is run over the layers to find those it cannot read.
 * @param options - the install's `smallStack` and `cache`
 * @example explainRouter('router at /api', router.stack, stateOf(router), install.options, reading)
 */
export function explainRouter<L, V extends object>(
  name: string,
  stack: readonly L[],
  state: RouterState<L, V> | undefined,
  options: Pick<ResolvedCoreOptions, 'smallStack' | 'cache'>,
  reading: RouterReading<L>
): RouterExplanation {
  const { smallStack } = options
  const cached = options.cache !== false
  const stats = state === undefined ? null : sumRoutingStats([state])
  const notIndexed = (reason: RouterReason): RouterExplanation => ({
    name,
    layers: stack.length,
    accelerated: state !== undefined,
    indexed: false,
    cached,
    narrows: false,
    reason,
    unread: [],
    unreadCount: 0,
    stats
  })
  if (state === undefined) return notIndexed({ code: 'not-met' })
  if (stack.length <= smallStack) return notIndexed({ code: 'small', smallStack })
  if (state.index.isStale(stack)) return notIndexed({ code: 'not-built' })
  if (!state.index.active) return notIndexed(reading.refused?.(stack) ?? { code: 'refused' })
  const unread: UnreadLayer[] = []
  let unreadCount = 0
  stack.forEach((layer, position) => {
    if (reading.read(layer) !== ALWAYS || reading.everyPath?.(layer) === true) return
    unreadCount++
    if (unread.length < UNREAD_SHOWN) unread.push({ position, path: reading.show(layer) })
  })
  return {
    name,
    layers: stack.length,
    accelerated: true,
    indexed: true,
    cached,
    narrows: state.index.narrows,
    reason: null,
    unread,
    unreadCount,
    stats
  }
}

/**
 * The package a host file belongs to: the nearest package.json above `file` that names one.
 * @example hostPackage('/app/node_modules/koa/lib/response.js') // { name: 'koa', version: '3.3.0' }
 */
export function hostPackage(file: string | undefined): { name: string; version: string } | null {
  if (file === undefined) return null
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: unknown
        version?: unknown
      }
      if (typeof manifest.name === 'string' && typeof manifest.version === 'string')
        return { name: manifest.name, version: manifest.version }
    } catch {
      // None here: look further up.
    }
    if (dirname(dir) === dir) return null
  }
}
