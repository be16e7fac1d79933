/**
 * OpenTelemetry sees the same app with pulya. Each run is a child process started
 * the documented way (`--require` of a tracing file registering the http, express, router and
 * koa instrumentations before the app loads its framework), serving the same requests with
 * and without pulya; the spans kept by the in-memory exporter are compared as trees — names,
 * kinds, scopes, attributes (`http.route` above all), statuses, exception events — after ids,
 * times and ports are normalised away.
 *
 * Koa: pulya is a Koa middleware that stays in the chain, so the koa instrumentation records
 * one `middleware - pulya` span per request, with the rest of the chain beneath it. That one
 * span is the only difference allowed (README, "With APM agents"): it is counted, then lifted
 * out, and the rest must be identical.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { collect, expectSameButPulya, type Tree } from './_tree.js'
import { AGENT_HOSTS, PULYA_MODES, runAgent, runMatrix, type AgentRun, type RunOf } from './_run.js'

interface SpanTree extends Tree<SpanTree> {
  name: string
  scope: string
  attributes: Record<string, unknown>
}

/** pulya's own Koa middleware span, as the koa instrumentation names it. */
function isPulyaSpan(span: SpanTree): boolean {
  return span.name === 'middleware - pulya' && span.scope === '@opentelemetry/instrumentation-koa'
}

let run: RunOf<AgentRun<SpanTree[]>>

beforeAll(async () => {
  run = await runMatrix(AGENT_HOSTS, PULYA_MODES, (host, mode) =>
    runAgent<SpanTree[]>('_otel.cjs', host, mode)
  )
}, 180_000)

describe.each(AGENT_HOSTS)('OpenTelemetry on $label', (host) => {
  it('records the framework: middleware, router and handler spans with http.route', () => {
    const vanilla = run(host, 'vanilla')
    // One trace per request, each with spans of the framework's own instrumentation under it.
    expect(vanilla.records).toHaveLength(vanilla.responses.length)
    const scope =
      host.kind === 'express'
        ? '@opentelemetry/instrumentation-express'
        : '@opentelemetry/instrumentation-koa'
    expect(
      vanilla.records.every((trace) => collect(trace.children, (span) => span.scope).includes(scope))
    ).toBe(true)
    const routes = vanilla.records.map((trace) => trace.attributes['http.route'])
    expect(routes).toContain('/v1/tenants/:tenant/users/:userId')
  })

  it.each(PULYA_MODES)('with pulya (%s): the same responses and the same spans', (mode) => {
    const vanilla = run(host, 'vanilla')
    const accelerated = run(host, mode)
    expect(accelerated.responses).toEqual(vanilla.responses)
    if (host.kind === 'express') {
      expect(accelerated.records).toEqual(vanilla.records)
      return
    }
    expectSameButPulya(
      accelerated.records,
      vanilla.records,
      isPulyaSpan,
      mode === 'last' ? null : vanilla.responses.length
    )
  })
})
