// Koa 3 + @koa/router under OpenTelemetry with `app.use(pulya())` first: the same app as koa3-otel.mjs.
import { startTracing } from './_otel.mjs'
import { pulya } from 'pulya/koa'
import { createKoaServer } from './_koa-app.mjs'

export async function createServer(workload) {
  return createKoaServer(startTracing()('koa'), workload, pulya())
}
