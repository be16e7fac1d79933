// Express 5 under OpenTelemetry with `app.use(pulya())` first: the same app as express5-otel.mjs.
import { startTracing } from './_otel.mjs'
import { pulya } from 'pulya/express'
import { createExpressServer } from './_express-app.mjs'

export async function createServer(workload) {
  return createExpressServer(startTracing()('express'), workload, pulya())
}
