/**
 * @sentry/node sees the same app with pulya. Each run is a child process started
 * with `--require` of an instrument file (Sentry.init, tracing on; the framework's error
 * handler set up after the routes), its DSN pointing at a local collector in this process.
 * The envelopes it sends are compared: the spans of each request as trees (name, op, origin,
 * status, attributes with `http.route`; the segment's name is the transaction name) and the
 * captured errors (type, message, mechanism, transaction, the trace context, the app's own
 * stack frames) after ids, times and ports are normalised away.
 *
 * Stack frames outside the app (`in_app: false`: Express's, the agent's and pulya's, which is
 * an installed package here as for users) are not compared: pulya's dispatch is in them.
 * Koa: pulya's middleware is one more `middleware` span (origin `auto.http.koa`), counted and
 * lifted out.
 */
import { gunzipSync } from 'node:zlib'
import { createRequire } from 'node:module'
import { beforeAll, describe, expect, it } from 'vitest'
import { startCollector, type Received } from './_collector.js'
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

const { normaliseValue } = createRequire(import.meta.url)('./_normalise.cjs') as {
  normaliseValue: (key: string, value: unknown) => unknown
}

interface RawSpan {
  name: string
  span_id: string
  parent_span_id?: string
  start_timestamp: number
  is_segment: boolean
  status: string
  attributes: Record<string, { value: unknown }>
}

/** Sentry 10 and older send a transaction per request: its root and its spans. */
interface RawTransaction {
  transaction: string
  start_timestamp: number
  contexts: {
    trace: { span_id: string; op?: string; origin?: string; status?: string; data?: Record<string, unknown> }
  }
  spans: Array<{
    span_id: string
    parent_span_id: string
    description?: string
    op?: string
    origin?: string
    status?: string
    start_timestamp: number
    data?: Record<string, unknown>
  }>
}

/** A transaction as the streamed spans of Sentry 11: one segment span and its descendants. */
function transactionSpans(event: RawTransaction): RawSpan[] {
  const attributes = (
    data: Record<string, unknown> | undefined,
    op: string | undefined,
    origin: string | undefined
  ): RawSpan['attributes'] =>
    Object.fromEntries(
      Object.entries({ ...data, 'sentry.op': op, 'sentry.origin': origin }).map(([key, value]) => [
        key,
        { value }
      ])
    )
  const trace = event.contexts.trace
  return [
    {
      name: event.transaction,
      span_id: trace.span_id,
      start_timestamp: event.start_timestamp,
      is_segment: true,
      status: trace.status ?? 'ok',
      attributes: attributes(trace.data, trace.op, trace.origin)
    },
    ...event.spans.map((span) => ({
      name: span.description ?? '',
      span_id: span.span_id,
      parent_span_id: span.parent_span_id,
      start_timestamp: span.start_timestamp,
      is_segment: false,
      status: span.status ?? 'ok',
      attributes: attributes(span.data, span.op, span.origin)
    }))
  ]
}

interface Frame {
  filename?: string
  function?: string
  lineno?: number
  colno?: number
  in_app?: boolean
}
interface RawEvent {
  transaction?: string
  level?: string
  exception?: {
    values: Array<{ type: string; value: string; mechanism?: unknown; stacktrace?: { frames?: Frame[] } }>
  }
  contexts?: { trace?: { op?: string; status?: string; data?: Record<string, unknown> } }
  request?: { method?: string; url?: string }
}

interface Span extends Tree<Span> {
  name: string
  attributes: Record<string, unknown>
}

interface SentryRun extends AgentRun<null> {
  segments: Span[]
  errors: unknown[]
}

/**
 * Attributes of the process, the machine and the SDK, not of the request; and the trace
 * headers the test's client propagates (ids).
 */
const VOLATILE =
  /^(sentry\.(segment\.id|sdk\.|release|environment$)|(app|device|os|culture|process|runtime|cloud)\.|http\.request\.header\.(sentry_trace|sentry-trace|baggage))/

function normalised(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(record).sort()) out[key] = normaliseValue(key, record[key])
  return out
}

function describeSpan(span: RawSpan, children: Map<string, RawSpan[]>): Span {
  const attributes: Record<string, unknown> = {}
  for (const [key, { value }] of Object.entries(span.attributes))
    if (!VOLATILE.test(key)) attributes[key] = value
  return {
    name: span.name,
    attributes: { status: span.status, ...normalised(attributes) },
    children: (children.get(span.span_id) ?? [])
      .sort((a, b) => a.start_timestamp - b.start_timestamp)
      .map((child) => describeSpan(child, children))
  }
}

/** The items of Sentry envelopes: a header line, then item header and payload lines. */
function envelopeItems(received: Received[]): Array<{ type: string; payload: unknown }> {
  return received.flatMap((request) => {
    const body =
      request.body[0] === 0x1f && request.body[1] === 0x8b ? gunzipSync(request.body) : request.body
    const lines = body
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '')
    const items: Array<{ type: string; payload: unknown }> = []
    for (let i = 1; i + 1 < lines.length; i += 2)
      items.push({
        type: (JSON.parse(lines[i] as string) as { type: string }).type,
        payload: JSON.parse(lines[i + 1] as string)
      })
    return items
  })
}

function segments(spans: RawSpan[]): Span[] {
  const children = new Map<string, RawSpan[]>()
  for (const span of spans) {
    if (span.parent_span_id !== undefined)
      children.set(span.parent_span_id, [...(children.get(span.parent_span_id) ?? []), span])
  }
  return spans
    .filter((span) => span.is_segment)
    .sort((a, b) => a.start_timestamp - b.start_timestamp)
    .map((root) => describeSpan(root, children))
}

function describeError(event: RawEvent): unknown {
  return {
    transaction: event.transaction,
    level: event.level,
    exceptions: (event.exception?.values ?? []).map((exception) => ({
      type: exception.type,
      value: exception.value,
      mechanism: exception.mechanism,
      appFrames: (exception.stacktrace?.frames ?? [])
        .filter((frame) => frame.in_app === true)
        .map((frame) => `${frame.function ?? '?'}:${frame.lineno ?? 0}:${frame.colno ?? 0}`)
    })),
    trace: {
      op: event.contexts?.trace?.op,
      status: event.contexts?.trace?.status,
      data: normalised(event.contexts?.trace?.data ?? {})
    },
    request: { method: event.request?.method, url: normaliseValue('url', event.request?.url) }
  }
}

async function runSentry(sdk: string, host: AgentHost, mode: Mode): Promise<SentryRun> {
  const collector = await startCollector()
  try {
    const run = await runAgent<null>('_sentry.cjs', host, mode, {
      PULYA_SENTRY: sdk,
      SENTRY_DSN: `${collector.url.replace('//', '//public@')}/1`
    })
    const items = envelopeItems(collector.received)
    const spans = [
      ...items
        .filter((item) => item.type === 'span')
        .flatMap((item) => (item.payload as { items: RawSpan[] }).items),
      ...items
        .filter((item) => item.type === 'transaction')
        .flatMap((item) => transactionSpans(item.payload as RawTransaction))
    ]
    const errors = items
      .filter((item) => item.type === 'event')
      .map((item) => describeError(item.payload as RawEvent))
    return { ...run, segments: segments(spans), errors }
  } finally {
    await collector.close()
  }
}

/** A route's transaction, as the SDKs that know the whole template name it. */
const ROUTE_NAME = 'GET /v1/tenants/:tenant/users/:userId'

/**
 * The SDK lines: 11 (spans streamed), 10 and 8 (transactions; like 9 they wrap each Express
 * layer's handle in a function proxying the original's keys, as OpenTelemetry's instrumentation
 * does), on Express only, where that wrapping is.
 */
const LINES = [
  {
    sdk: '@sentry/node',
    label: '11',
    hosts: SHORT_HOSTS,
    named: () => ROUTE_NAME,
    origin: (host: AgentHost) => `auto.http.${host.kind}`
  },
  {
    sdk: 'sentry-node10',
    label: '10',
    hosts: SHORT_HOSTS.filter((host) => host.kind === 'express'),
    named: () => ROUTE_NAME,
    origin: () => 'auto.http.express'
  },
  // Sentry 8's instrumentation names a nested router's routes by their own path alone on
  // Express 4, and does not know Express 5 (the raw URL): so it is, with and without pulya.
  {
    sdk: 'sentry-node8',
    label: '8',
    hosts: SHORT_HOSTS.filter((host) => host.kind === 'express'),
    named: (host: AgentHost) =>
      host.label === 'express@4' ? 'GET /:userId' : 'GET /v1/tenants/acme/users/42',
    origin: (host: AgentHost) =>
      host.label === 'express@4' ? 'auto.http.otel.express' : 'auto.http.otel.http'
  }
]

const runs = new Map<string, RunOf<SentryRun>>()

beforeAll(async () => {
  for (const line of LINES)
    runs.set(
      line.sdk,
      await runMatrix(line.hosts, SHORT_MODES, (host, mode) => runSentry(line.sdk, host, mode))
    )
}, 240_000)

/** pulya's own Koa middleware span, as Sentry's koa integration names it. */
function isPulyaSpan(span: Span): boolean {
  return (
    span.name === 'pulya' &&
    span.attributes['sentry.origin'] === 'auto.http.koa' &&
    span.attributes['koa.type'] === 'middleware'
  )
}

describe.each(LINES)('@sentry/node $label', ({ sdk, hosts, named, origin }) => {
  const run: RunOf<SentryRun> = (host, mode) => (runs.get(sdk) as RunOf<SentryRun>)(host, mode)

  describe.each(hosts)('on $label', (host) => {
    it('records a transaction per request, named after the route, and the errors', () => {
      const vanilla = run(host, 'vanilla')
      // Sentry drops the transactions of 404s by default.
      expect(vanilla.segments.length).toBeGreaterThan(vanilla.responses.length / 2)
      expect(vanilla.segments.map((segment) => segment.name)).toContain(named(host))
      expect(collect(vanilla.segments, (span) => span.attributes['sentry.origin'])).toContain(origin(host))
      expect(vanilla.errors.length).toBeGreaterThanOrEqual(1)
    })

    it.each(SHORT_MODES)('with pulya (%s): the same responses, transactions, spans and errors', (mode) => {
      const vanilla = run(host, 'vanilla')
      const accelerated = run(host, mode)
      expect(accelerated.responses).toEqual(vanilla.responses)
      expect(accelerated.errors).toEqual(vanilla.errors)
      if (host.kind === 'express') expect(accelerated.segments).toEqual(vanilla.segments)
      else
        expectSameButPulya(
          accelerated.segments,
          vanilla.segments,
          isPulyaSpan,
          mode === 'last' ? null : vanilla.responses.length
        )
    })
  })
})
