/**
 * OpenTelemetry sees the same app with pulya (issue 15). Each run is a child process started
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
import { buildIfNeeded } from '../helpers/build.js'
import { AGENT_HOSTS, PULYA_MODES, pooled, runAgent, type AgentHost, type AgentRun, type Mode } from './_run.js'

interface SpanTree {
  name: string
  scope: string
  attributes: Record<string, unknown>
  children: SpanTree[]
}

const PULYA_SPAN = 'middleware - pulya'

/** Replaces pulya's own Koa middleware span by its children, counting how many it lifted. */
function liftPulya(spans: SpanTree[], lifted: { count: number }): SpanTree[] {
  return spans.flatMap((span) => {
    const children = liftPulya(span.children, lifted)
    if (span.name === PULYA_SPAN && span.scope === '@opentelemetry/instrumentation-koa') {
      lifted.count++
      return children
    }
    return [{ ...span, children }]
  })
}

function scopes(spans: SpanTree[]): string[] {
  return spans.flatMap((span) => [span.scope, ...scopes(span.children)])
}

function countSpans(spans: SpanTree[]): number {
  return spans.reduce((sum, span) => sum + 1 + countSpans(span.children), 0)
}

const runs = new Map<string, AgentRun<SpanTree[]> | Error>()
const key = (host: AgentHost, mode: Mode): string => `${host.label} ${mode}`

/** A run's result; a run that crashed fails the tests that read it, not the whole file. */
function run(host: AgentHost, mode: Mode): AgentRun<SpanTree[]> {
  const result = runs.get(key(host, mode))
  if (result === undefined || result instanceof Error) throw result ?? new Error(`no run for ${key(host, mode)}`)
  return result
}

beforeAll(async () => {
  await buildIfNeeded()
  const tasks = AGENT_HOSTS.flatMap((host) => (['vanilla', ...PULYA_MODES] as const).map((mode) => async () => {
    runs.set(key(host, mode), await runAgent<SpanTree[]>('_otel.cjs', host, mode).catch((err: unknown) => err as Error))
  }))
  await pooled(tasks)
}, 180_000)

describe.each(AGENT_HOSTS)('OpenTelemetry on $label', (host) => {
  it('records the framework: middleware, router and handler spans with http.route', () => {
    const vanilla = run(host, 'vanilla')
    // One trace per request, each with spans of the framework's own instrumentation under it.
    expect(vanilla.records).toHaveLength(vanilla.responses.length)
    const scope = host.kind === 'express' ? '@opentelemetry/instrumentation-express' : '@opentelemetry/instrumentation-koa'
    expect(vanilla.records.every((trace) => scopes(trace.children).includes(scope))).toBe(true)
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
    const lifted = { count: 0 }
    const records = liftPulya(accelerated.records, lifted)
    // Before the routers every request passes pulya; last, only those no router answered.
    if (mode === 'last') expect(lifted.count).toBeGreaterThan(0)
    else expect(lifted.count).toBe(vanilla.responses.length)
    expect(countSpans(accelerated.records)).toBe(countSpans(vanilla.records) + lifted.count)
    expect(records).toEqual(vanilla.records)
  })
})
