/**
 * The install-wide warm-up (docs/how-it-works.md#warm-up): every router of one install has its
 * index built by the install's one {@link WarmQueue}, and each moment pulya sees — the server
 * starting (`app.listen()`, `createServer(app)`), a router's first request, `warm(app)` — asks it
 * here, with the delay that moment calls for.
 */
import { WARM_DELAY_MS, type WarmQueue, type WarmTarget } from '../../core/warm.js'

/** What the warm-up reads of an install: whether `warm` is on, and its queue. */
export interface WarmingInstall {
  readonly options: { readonly warm: boolean }
  readonly warm: WarmQueue<WarmTarget>
}

/** Express's `app.listen`. */
export type Listen = (this: unknown, ...args: unknown[]) => unknown

/**
 * `app.listen` that starts building every router's index, off the request path: start-up is not
 * delayed, and requests that come before a router's index is built are Express's own.
 *
 * @example app.listen = warmingListen(app.listen, install)
 */
export function warmingListen(listen: Listen, install: WarmingInstall): Listen {
  return function listenAndWarm(this: unknown, ...args: unknown[]): unknown {
    install.warm.schedule(WARM_DELAY_MS)
    return listen.apply(this, args)
  }
}

/**
 * `createServer(app)`: the server is about to start, so the warm-up starts as at `listen` (when
 * pulya is installed on the app with `warm` on).
 */
export function warmAsServerStarts(install: WarmingInstall | undefined): void {
  if (install?.options.warm === true) install.warm.schedule(WARM_DELAY_MS)
}

/** A router served its first request the host's way: its index (and the others') is built right after. */
export function warmAfterColdRequest(queue: WarmQueue<WarmTarget>): void {
  queue.schedule(0)
}

/** `warm(app)`: every index of the install built now, on this turn (nothing for an app without pulya). */
export function warmNow(install: WarmingInstall | undefined): void {
  if (install !== undefined) install.warm.buildAll()
}
