// Koa 3 + @koa/router with `app.use(pulya({ metrics: true }))` first: the same app as
// koa3-pulya.mjs, with per-route metrics recorded (prom-client's global registry).
import Koa from 'koa'
import { pulya } from 'pulya/koa'
import { createKoaServer } from './_koa-app.mjs'

export async function createServer(workload) {
  return createKoaServer(Koa, workload, pulya({ metrics: true }))
}
