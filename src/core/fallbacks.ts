/**
 * Pulya fails open: when one of its own steps throws, the request is served by the host's own
 * path, and the failure is counted here and warned once per cause
 * (docs/reliability.md#fallbacks).
 *
 * An adapter puts exactly one guarded call at the boundary of each of its steps — around
 * pulya's code, never around the app's — and calls {@link fellBack} from the `catch`. The
 * counts are per process: pulya's response machinery is shared by every app of one host copy.
 */
import { emitPulyaWarning, PULYA_FALLBACK } from './errors.js'

/** Where a fallback happened: one step of pulya's, named as in the docs and the metric's label. */
export const FALLBACK_CAUSES = Object.freeze([
  /** The warm-up's build of a router's index (the router keeps the host's own dispatch). */
  'index-build',
  /** Express: the route index, the route cache or the walk plan of a router. */
  'router-dispatch',
  /** Express: a gap sentinel (the rest of the router's stack is walked instead). */
  'gap-sentinel',
  /** Express: the response mirror's memos. */
  'response-memo',
  /** Express: pulya's final handler (finalhandler answers instead). */
  'final-handler',
  /** Express: the ETag memo (Express's generator answers instead). */
  'etag-memo',
  /** Koa: the route cache behind `@koa/router`'s `match`. */
  'koa-match',
  /** Koa: the response mirror. */
  'respond-mirror',
  /** Koa: the `ctx.body` setter. */
  'body-setter',
  /** Koa: the header setters. */
  'header-setters',
  /** The metrics monitor (the request goes unmeasured). */
  'monitor'
] as const)

/** One of {@link FALLBACK_CAUSES}. */
export type FallbackCause = (typeof FALLBACK_CAUSES)[number]

const counts = new Map<FallbackCause, number>(FALLBACK_CAUSES.map((cause) => [cause, 0]))
let total = 0

/**
 * Counts one fallback of `cause` and, the first time for that cause, emits a `PulyaWarning`
 * (`PULYA_FALLBACK`) naming it and the error.
 *
 * @example
 * try { plan = state.plan(path, stack) } catch (error) { fellBack('router-dispatch', error) }
 */
export function fellBack(cause: FallbackCause, error: unknown): void {
  const count = counts.get(cause) as number
  counts.set(cause, count + 1)
  total++
  if (count === 0) {
    emitPulyaWarning(
      PULYA_FALLBACK,
      `pulya: its ${cause} step failed (${describe(error)}); the request was served by the host's own path, as is every request where this step fails. Counted in stats().fallbacks and pulya_fallbacks_total{cause="${cause}"}; warned once per cause.`
    )
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return String(error)
}

/** Fallbacks in this process, all causes. */
export function fallbackTotal(): number {
  return total
}

/**
 * Fallbacks in this process, by cause (every cause, zeros included).
 *
 * @example fallbacksByCause()['router-dispatch'] // 0
 */
export function fallbacksByCause(): Record<FallbackCause, number> {
  const byCause = Object.create(null) as Record<FallbackCause, number>
  for (const [cause, count] of counts) byCause[cause] = count
  return byCause
}
