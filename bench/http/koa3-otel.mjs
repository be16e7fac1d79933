// Koa 3 + @koa/router under OpenTelemetry (bench/http/_otel.mjs), vanilla.
import { startTracing } from './_otel.mjs'
import { createKoaServer } from './_koa-app.mjs'

export async function createServer(workload) {
  return createKoaServer(startTracing()('koa'), workload, null)
}
