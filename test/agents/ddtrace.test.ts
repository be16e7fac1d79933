/**
 * dd-trace sees the same app with pulya. Each run is a child process started with
 * `--require dd-trace/init` (through `_ddtrace.cjs`, which first learns the diagnostics
 * channels dd-trace subscribes to), AppSec on, its agent URL a local collector in this
 * process; the msgpack trace payloads it sends are decoded with @msgpack/msgpack and compared
 * as span trees (name, resource, service, type, error, tags, `http.route` above all) after ids,
 * times, ports and the process's own tags are normalised away. Every channel dd-trace
 * subscribes to (AppSec's `datadog:express:*`, `apm:express:*`, `apm:router:*`, `apm:koa:*`, …)
 * must fire as many times per request with pulya as without.
 *
 * Koa: pulya's middleware is one more `koa.middleware` span and one more round of the
 * middleware channels per request it passes; both are counted and lifted out.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { decode } from '@msgpack/msgpack'
import { startCollector } from './_collector.js'
import { collect, expectSameButPulya, type Tree } from './_tree.js'
import {
  SHORT_HOSTS,
  SHORT_MODES,
  runAgent,
  runMatrix,
  type AgentHost,
  type AgentRun,
  type Mode,
  type RunOf
} from './_run.js'
import { createRequire } from 'node:module'

const { normaliseValue } = createRequire(import.meta.url)('./_normalise.cjs') as {
  normaliseValue: (key: string, value: unknown) => unknown
}

interface RawSpan {
  trace_id: bigint
  span_id: bigint
  parent_id: bigint
  name: string
  resource: string
  service: string
  type?: string
  error: number
  start: bigint
  meta: Record<string, string>
  metrics: Record<string, number>
}

interface Span extends Tree<Span> {
  name: string
  resource: string
  meta: Record<string, unknown>
}

interface DdRecords {
  channels: Array<Record<string, number>>
  subscribed: string[]
}

interface DdRun extends AgentRun<DdRecords> {
  traces: Span[]
}

/** Tags of the process, not of the request: ids, the process, sampling and the SDK's own bookkeeping. */
const VOLATILE =
  /^(runtime-id|process_id|_dd\.p\.tid|_dd\.tags\.process|_dd\.agent_psr|_dd\.top_level|_dd\.measured|_dd\.p\.dm|_sampling_priority_v1|_dd\.appsec\.waf\.duration.*|_dd\.appsec\.waf\.version|_dd\.appsec\.event_rules\..*|_dd\.appsec\.waf\.timeouts|_dd\.appsec\.json)$/

function describeSpan(span: RawSpan, children: Map<bigint, RawSpan[]>): Span {
  const tags: Record<string, unknown> = {}
  for (const [key, value] of [...Object.entries(span.meta), ...Object.entries(span.metrics)].sort(
    ([a], [b]) => a.localeCompare(b)
  )) {
    if (!VOLATILE.test(key)) tags[key] = normaliseValue(key, value)
  }
  return {
    name: span.name,
    resource: normaliseValue('resource', span.resource) as string,
    meta: { service: span.service, type: span.type, error: span.error, ...tags },
    children: (children.get(span.span_id) ?? [])
      .sort((a, b) => Number(a.start - b.start))
      .map((child) => describeSpan(child, children))
  }
}

/** The server's traces, one tree per request, in request order; the test's own client spans dropped. */
function serverTraces(payloads: Buffer[]): Span[] {
  const spans = payloads.flatMap((body) => (decode(body, { useBigInt64: true }) as RawSpan[][]).flat())
  const ids = new Set(spans.map((span) => span.span_id))
  const children = new Map<bigint, RawSpan[]>()
  for (const span of spans) {
    if (ids.has(span.parent_id)) children.set(span.parent_id, [...(children.get(span.parent_id) ?? []), span])
  }
  // The test's client requests propagate their context: the server's request span (its parent
  // a client span) is the root.
  const byId = new Map(spans.map((span) => [span.span_id, span]))
  return spans
    .filter(
      (span) =>
        span.meta['span.kind'] === 'server' && byId.get(span.parent_id)?.meta['span.kind'] !== 'server'
    )
    .sort((a, b) => Number(a.start - b.start))
    .map((root) => describeSpan(root, children))
}

async function runDdTrace(host: AgentHost, mode: Mode): Promise<DdRun> {
  const collector = await startCollector()
  try {
    const run = await runAgent<DdRecords>('_ddtrace.cjs', host, mode, {
      DD_TRACE_AGENT_URL: collector.url,
      DD_SERVICE: 'agent-test',
      DD_VERSION: '1.0.0',
      DD_APPSEC_ENABLED: 'true',
      // API Security samples request schemas per endpoint and time window: not per request.
      DD_API_SECURITY_ENABLED: 'false',
      DD_TRACE_FLUSH_INTERVAL: '100',
      DD_REMOTE_CONFIGURATION_ENABLED: 'false',
      DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false',
      DD_TRACE_STARTUP_LOGS: 'false',
      DD_RUNTIME_METRICS_ENABLED: 'false',
      DD_CRASHTRACKING_ENABLED: 'false'
    })
    const payloads = collector.received
      .filter((request) => request.path.startsWith('/v0.4/traces'))
      .map((request) => request.body)
    return { ...run, traces: serverTraces(payloads) }
  } finally {
    await collector.close()
  }
}

/**
 * The publications of the app's side: without the outgoing HTTP and TCP channels and the
 * exporter's, where the test's own client and the tracer's uploads land at times of their own.
 */
function appChannels(perRequest: Array<Record<string, number>>): Array<Record<string, number>> {
  return perRequest.map((counts) =>
    Object.fromEntries(
      Object.entries(counts).filter(([name]) => !/:client:|^apm:(net|dns):|^dd-trace:exporter:/.test(name))
    )
  )
}

const KOA_MIDDLEWARE_CHANNELS = [
  'apm:koa:middleware:enter',
  'apm:koa:middleware:exit',
  'apm:koa:middleware:finish',
  'apm:koa:middleware:next'
]

/** Takes the rounds of Koa's middleware channels of pulya's spans out (`pulyaSpans[i]` for request i). */
function withoutPulya(
  perRequest: Array<Record<string, number>>,
  pulyaSpans: Span[][]
): Array<Record<string, number>> {
  return perRequest.map((counts, i) => {
    const spans = pulyaSpans[i] ?? []
    const rest = { ...counts }
    for (const name of KOA_MIDDLEWARE_CHANNELS) rest[name] = (rest[name] ?? 0) - spans.length
    rest['apm:koa:middleware:error'] =
      (rest['apm:koa:middleware:error'] ?? 0) - spans.filter((span) => span.meta['error'] === 1).length
    return Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== 0))
  })
}

let run: RunOf<DdRun>

beforeAll(async () => {
  run = await runMatrix(SHORT_HOSTS, SHORT_MODES, runDdTrace)
}, 180_000)

/** pulya's own Koa middleware span, as dd-trace's koa plugin names it. */
function isPulyaSpan(span: Span): boolean {
  return span.name === 'koa.middleware' && span.resource === 'pulya'
}

describe.each(SHORT_HOSTS)('dd-trace on $label', (host) => {
  it('records the framework and AppSec listens to its channels', () => {
    const vanilla = run(host, 'vanilla')
    expect(vanilla.traces).toHaveLength(vanilla.responses.length)
    expect(collect(vanilla.traces, (span) => span.meta['http.route'])).toContain(
      '/v1/tenants/:tenant/users/:userId'
    )
    // Express 5's router package has spans of its own: `router.middleware`.
    expect(collect(vanilla.traces, (span) => span.name)).toContain(
      host.label === 'express@5' ? 'router.middleware' : `${host.kind}.middleware`
    )
    expect(vanilla.records.subscribed).toEqual(
      expect.arrayContaining(['datadog:waf:run:finish', `apm:${host.kind}:middleware:enter`])
    )
    if (host.kind === 'express')
      expect(vanilla.records.subscribed).toEqual(
        expect.arrayContaining(['datadog:express:response:json:start', 'apm:router:middleware:enter'])
      )
  })

  it.each(SHORT_MODES)('with pulya (%s): the same responses, spans and channel publications', (mode) => {
    const vanilla = run(host, 'vanilla')
    const accelerated = run(host, mode)
    expect(accelerated.responses).toEqual(vanilla.responses)
    expect(accelerated.records.subscribed).toEqual(vanilla.records.subscribed)
    if (host.kind === 'express') {
      expect(appChannels(accelerated.records.channels)).toEqual(appChannels(vanilla.records.channels))
      expect(accelerated.traces).toEqual(vanilla.traces)
      return
    }
    // Each request that passed pulya's middleware had one more round of Koa's middleware channels.
    // (and its `error` channel once more when an error passed back through it).
    const pulyaSpans = accelerated.traces.map((trace) => collect([trace], (span) => span).filter(isPulyaSpan))
    expect(withoutPulya(appChannels(accelerated.records.channels), pulyaSpans)).toEqual(
      appChannels(vanilla.records.channels)
    )
    expectSameButPulya(
      accelerated.traces,
      vanilla.traces,
      isPulyaSpan,
      mode === 'last' ? null : vanilla.responses.length
    )
  })
})
