// Express 5 under OpenTelemetry (bench/http/_otel.mjs), vanilla.
import { startTracing } from './_otel.mjs'
import { createExpressServer } from './_express-app.mjs'

export async function createServer(workload) {
  return createExpressServer(startTracing()('express'), workload, null)
}
