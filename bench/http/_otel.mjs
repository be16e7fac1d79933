// OpenTelemetry as a production app runs it, for the "with an APM agent" variants: the Node
// tracer provider, every span sampled and batched to an exporter, with the http, express and
// koa instrumentations (router too, as Express 5 is built on it). The exporter drops the
// batches: the agent's cost per request is recording and batching; shipping happens off the
// request path and is not pulya's to measure.
//
// Agents hook modules as they are required, so the variant requires its framework through
// `startTracing()`'s `require`, after the instrumentations are registered. Under ESM `import`
// they would need the agent's loader hook instead (`--import`), which the runner does not add.
import { createRequire } from 'node:module'
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node'
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { registerInstrumentations } from '@opentelemetry/instrumentation'
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http'
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express'
import { RouterInstrumentation } from '@opentelemetry/instrumentation-router'
import { KoaInstrumentation } from '@opentelemetry/instrumentation-koa'

/** An exporter that accepts every batch and keeps nothing (see above). */
const dropping = {
  export(spans, done) {
    done({ code: 0 })
  },
  shutdown() {
    return Promise.resolve()
  },
  forceFlush() {
    return Promise.resolve()
  }
}

let started = null

/** Starts tracing once per process; returns a `require` whose modules the agent has hooked. */
export function startTracing() {
  if (started === null) {
    const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropping)] })
    provider.register()
    registerInstrumentations({
      instrumentations: [
        new HttpInstrumentation(),
        new ExpressInstrumentation(),
        new RouterInstrumentation(),
        new KoaInstrumentation()
      ]
    })
    started = createRequire(import.meta.url)
  }
  return started
}
