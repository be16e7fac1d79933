/** What the metrics tests share: prom-client as pulya loads it, and a missing one. */
import type { PromClient } from '../../../src/core/metrics/prometheus.js'
import { requirePromClient } from '../../../src/core/metrics/prom-client.js'

/** prom-client, loaded the way pulya loads it. */
export const client = requirePromClient() as PromClient

/** A loader that fails as `require` does when prom-client is not installed. */
export const missing = (): never => {
  throw Object.assign(new Error("Cannot find module 'prom-client'"), { code: 'MODULE_NOT_FOUND' })
}

export { NO_STATS } from '../../helpers/stats.js'
