/**
 * explain's words: each router's and feature's line — what pulya does, why not, what would
 * change it — the summary check ends with, and the report in every form.
 */
import { describe, expect, it } from 'vitest'
import type { FeatureReason, RouterReason } from '../../src/core/explain.js'
import { explainReport, explainSummary, routerText, type ExplainDoc } from '../../src/cli/explain-report.js'
import { EXPLANATION, ROUTER_STATS, routerExplained } from './_explanations.js'

const doc: ExplainDoc = {
  app: 'app.js',
  pulyaVersion: '9.9.9',
  serving: 'http.createServer(app.callback()) (handler mode): the module exports the app without serving it',
  server: 'Koa has no server classes',
  explanation: EXPLANATION
}

describe('routerText', () => {
  it.each([
    [
      'accelerated, its cache counted',
      routerExplained(),
      '@koa/router #1, 9 layers: accelerated, each path walks only the layers that can match it; route cache 3 hits, 2 misses'
    ],
    [
      'accelerated, some layers unread, more than listed',
      routerExplained({ unread: [{ position: 8, path: '/^\\/x/' }], unreadCount: 2, stats: null }),
      '@koa/router #1, 9 layers: accelerated, each path walks only the layers that can match it; 2 tried for every path, as without pulya (#8 /^\\/x/, …)'
    ],
    [
      'accelerated, its route cache off',
      routerExplained({ cached: false }),
      '@koa/router #1, 9 layers: accelerated, each path walks only the layers that can match it; its route cache is off (the option cache: false), so each request looks its path up in the index'
    ],
    [
      'indexed, nothing readable',
      routerExplained({ narrows: false, stats: { ...ROUTER_STATS, hits: 0, misses: 0 } }),
      "@koa/router #1, 9 layers: indexed, but no layer's path could be read, so every path still walks every layer; layers with string paths (not RegExps) let pulya skip the ones a path cannot match"
    ]
  ])('%s', (_what, router, text) => {
    expect(routerText(router)).toBe(text)
  })

  it.each([
    [
      { code: 'not-met' },
      /^@koa\/router #1, 1 layer: not met: pulya meets an Express router when Express creates it/
    ],
    [
      { code: 'small', smallStack: 6 },
      /left alone: 1 layer, no more than smallStack \(6\).*--pulya '\{"smallStack":0\}' \(pulya\(\{ smallStack: 0 \}\)\)$/
    ],
    [
      { code: 'not-built' },
      /met, its index not built yet: it is built off the request path after app\.listen\(\)/
    ],
    [{ code: 'cache-off' }, /not indexed: the option cache: false/],
    [{ code: 'refused' }, /not indexed: the host's own conditions for an index were not met$/],
    [
      { code: 'unpure-layer', position: 0, path: '/x' },
      /not indexed: layer 0 \(\/x\) has a matcher of its own/
    ]
  ] as Array<[RouterReason, RegExp]>)('%j', (reason, text) => {
    expect(routerText(routerExplained({ layers: 1, reason }))).toMatch(text)
  })
})

describe('explainReport', () => {
  it('text: the host and serving, then routers, responses and server, each line saying why', () => {
    const { text } = explainReport(doc, 'node_modules/..')
    expect(text.split('\n')).toEqual([
      'koa 3.9.0, pulya 9.9.9',
      `served as ${doc.serving}`,
      '',
      'Routers',
      ...EXPLANATION.routers.map((r) => `  ${routerText(r)}`),
      '',
      'Responses',
      '  response.set and ctx.type: on (header work)',
      '  ctx.body = …: on (body checks)',
      "  respond (the end of every request): off: prototype.handleRequest in node_modules/koa/lib/application.js (koa 3.9.0) is not a text pulya knows, so pulya keeps the host's own; a pulya that knows this version turns it on (in pulya's repository: npm run known-sources -- --add koa@3.9.0)",
      '',
      'Server',
      '  Koa has no server classes',
      ''
    ])
  })

  it.each([
    [{ code: 'app-own', member: 'set' }, 'off: the app has its own set there, and pulya leaves it alone'],
    [{ code: 'not-needed', why: 'direct already' }, 'not needed: direct already'],
    [{ code: 'option-off', option: 'responses' }, 'off: the option responses is false'],
    [{ code: 'not-met' }, 'off until pulya meets the app (its first request)'],
    [{ code: 'left-alone' }, "off: pulya keeps the host's own (something it reads is not the host's own)"],
    [
      { code: 'unknown-source', member: 'set', file: null, version: null },
      "off: set in its file (koa) is not a text pulya knows, so pulya keeps the host's own; a pulya that knows this version turns it on (in pulya's repository: npm run known-sources -- --add koa@<version>)"
    ]
  ] as Array<[FeatureReason, string]>)('a feature off: %j', (reason, line) => {
    const explanation = {
      ...EXPLANATION,
      host: { ...EXPLANATION.host, version: null },
      features: [{ feature: 'f', saves: 's', on: false, reason }]
    }
    expect(explainReport({ ...doc, explanation }).text).toContain(`  f: ${line}\n`)
  })

  it('no router, not installed: said so; JSON is the document; Markdown and HTML have the three sections', () => {
    const bare = { ...doc, explanation: { ...EXPLANATION, installed: false, routers: [] } }
    const report = explainReport(bare)
    expect(report.text).toContain('pulya 9.9.9 (not installed on the app)\n')
    expect(report.text).toContain('Routers\n  (no router pulya can accelerate)\n')
    expect(report.json).toBe(bare)
    expect(report.markdown).toContain('## Routers\n\n- (no router pulya can accelerate)\n')
    expect(report.html).toContain('<h2>Server</h2>')
  })
})

describe('explainSummary', () => {
  it('what is accelerated and left alone, the features off, the server, and where to read why', () => {
    expect(explainSummary(doc)).toEqual([
      'pulya accelerates 1 of 2 routers; left alone: @koa/router #2 (small); responses: 2 of 3 features on, off: respond (the end of every request) (unknown-source)',
      'server: Koa has no server classes',
      'why and what would change it: pulya explain app.js'
    ])
  })

  it('one router, every feature on (one not needed)', () => {
    const explanation = {
      ...EXPLANATION,
      routers: [routerExplained()],
      features: [{ feature: 'f', saves: 's', on: false, reason: { code: 'not-needed' as const, why: 'w' } }]
    }
    expect(explainSummary({ ...doc, explanation })[0]).toBe(
      'pulya accelerates 1 of 1 router; responses: 0 of 1 features on'
    )
  })
})
