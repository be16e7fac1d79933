/** A `pulya check` request for tests: GET, no headers, no body, weight 1 unless `extra` says otherwise. */
import type { CheckTarget } from '../../src/cli/targets.js'

export function target(template: string, path: string, extra: Partial<CheckTarget> = {}): CheckTarget {
  return { template, method: 'GET', path, headers: {}, body: null, weight: 1, ...extra }
}
