/**
 * prom-client is required the way the app would require it: the same module object, one copy.
 */
import { createRequire } from 'node:module'
import { expect, it } from 'vitest'
import { requirePromClient } from '../../../src/core/metrics/prom-client.js'

it("requires the app's own prom-client, the same module object the app gets", () => {
  expect(requirePromClient()).toBe(createRequire(import.meta.url)('prom-client'))
})
