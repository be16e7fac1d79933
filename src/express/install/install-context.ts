/**
 * The state of one pulya install on an Express app: its options and the routers it has
 * accelerated (sub-apps mounted later join their parent's install). Kept on the app under a
 * symbol, so `app.use(pulya())` twice, or `accelerate(app)` after it, installs once.
 */
import { sumRoutingStats, type RoutingStats } from '../../core/stats.js'
import type { ResolvedExpressOptions } from '../options.js'
import type { RouterGroup, RouterState } from '../routing/router-dispatch.js'
import type { Monitor } from '../../core/metrics/monitor.js'
import { WarmQueue } from '../../core/warm.js'
import { INSTALL as INSTALLED } from '../../core/symbols.js'

/** What one install shares between the routers it accelerates. */
export class InstallContext implements RouterGroup {
  readonly options: ResolvedExpressOptions
  /** Every router of this install, in the order pulya first saw them, and their warm-up. */
  readonly warm = new WarmQueue<RouterState>()
  /** The monitor of `metrics`/`underPressure`, `null` when both are off. */
  monitor: Monitor | null = null

  constructor(options: ResolvedExpressOptions) {
    this.options = options
  }

  /** Sums the counters of every router of this install. */
  stats(): RoutingStats {
    return sumRoutingStats(this.warm.targets)
  }
}

/** The install on `app`, if pulya is installed on it. */
export function installedContext(app: object): InstallContext | undefined {
  return (app as { [INSTALLED]?: InstallContext })[INSTALLED]
}

/** Records `context` as the install on `app` (once: a second install finds the first). */
export function attachContext(app: object, context: InstallContext): void {
  Object.defineProperty(app, INSTALLED, {
    configurable: true,
    enumerable: false,
    writable: false,
    value: context
  })
}
