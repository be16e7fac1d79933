'use strict'
// OpenTelemetry, started the way its docs say (a tracing file preloaded with
// `node --require`, before the app requires its framework): the Node tracer provider with
// the http, express, router, koa and nestjs-core instrumentations, spans kept by the in-memory exporter.
const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node')
const { InMemorySpanExporter, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base')
const { registerInstrumentations } = require('@opentelemetry/instrumentation')
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http')
const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express')
const { RouterInstrumentation } = require('@opentelemetry/instrumentation-router')
const { KoaInstrumentation } = require('@opentelemetry/instrumentation-koa')
const { NestInstrumentation } = require('@opentelemetry/instrumentation-nestjs-core')
const { normaliseValue } = require('./_normalise.cjs')

const exporter = new InMemorySpanExporter()
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
provider.register()
registerInstrumentations({
  instrumentations: [
    // The test's own client requests are not part of the app.
    new HttpInstrumentation({ ignoreOutgoingRequestHook: () => true }),
    new ExpressInstrumentation(),
    new RouterInstrumentation(),
    new KoaInstrumentation(),
    new NestInstrumentation()
  ]
})

function byStart(a, b) {
  return a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]
}

/** A span as compared: no ids, times or durations; ports and stacks normalised away. */
function describe(span, children) {
  const attributes = {}
  for (const key of Object.keys(span.attributes).sort())
    attributes[key] = normaliseValue(key, span.attributes[key])
  return {
    name: span.name,
    kind: span.kind,
    scope: span.instrumentationScope.name,
    attributes,
    status: span.status,
    events: span.events.map((event) => ({
      name: event.name,
      attributes: Object.fromEntries(
        Object.entries(event.attributes ?? {}).filter(([key]) => key !== 'exception.stacktrace')
      )
    })),
    children: (children.get(span.spanContext().spanId) ?? [])
      .sort(byStart)
      .map((child) => describe(child, children))
  }
}

globalThis[Symbol.for('pulya.test.agent')] = {
  // Spans end on the response's `close`, just after the client has read the response.
  settle: () => new Promise((resolve) => setTimeout(resolve, 20)),
  async records() {
    await provider.forceFlush()
    const spans = exporter.getFinishedSpans()
    const ids = new Set(spans.map((span) => span.spanContext().spanId))
    const children = new Map()
    const roots = []
    for (const span of spans) {
      const parent = span.parentSpanContext?.spanId
      if (parent === undefined || !ids.has(parent)) roots.push(span)
      else children.set(parent, [...(children.get(parent) ?? []), span])
    }
    return roots.sort(byStart).map((root) => describe(root, children))
  }
}
