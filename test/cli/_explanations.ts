/** Stand-in explanations for the CLI's explain tests: what an adapter's explain function gives. */
import type { AppExplanation, RouterExplanation } from '../../src/core/explain.js'
import type { RoutingStats } from '../../src/core/stats.js'

/** A router's counters: 3 hits, 2 misses. */
export const ROUTER_STATS: RoutingStats = {
  routers: 1,
  hits: 3,
  misses: 2,
  evictions: 0,
  skipped: 0,
  verified: 0,
  mismatches: 0,
  fallbacks: 0
}

/** A router explanation: accelerated and indexed unless `over` says otherwise. */
export function routerExplained(over: Partial<RouterExplanation> = {}): RouterExplanation {
  return {
    name: '@koa/router #1',
    layers: 9,
    accelerated: true,
    indexed: true,
    cached: true,
    narrows: true,
    reason: null,
    unread: [],
    unreadCount: 0,
    stats: ROUTER_STATS,
    ...over
  }
}

/** A Koa 3 app: one router accelerated, one small; two features on, one off (an unknown source). */
export const EXPLANATION: AppExplanation = {
  host: { name: 'koa', version: '3.9.0', file: 'node_modules/koa/lib/application.js' },
  installed: true,
  routers: [
    routerExplained(),
    routerExplained({
      name: '@koa/router #2',
      layers: 2,
      indexed: false,
      narrows: false,
      reason: { code: 'small', smallStack: 6 }
    })
  ],
  features: [
    { feature: 'response.set and ctx.type', saves: 'header work', on: true, reason: null },
    { feature: 'ctx.body = …', saves: 'body checks', on: true, reason: null },
    {
      feature: 'respond (the end of every request)',
      saves: 'respond checks',
      on: false,
      reason: {
        code: 'unknown-source',
        member: 'prototype.handleRequest',
        file: 'node_modules/koa/lib/application.js',
        version: '3.9.0'
      }
    }
  ]
}
