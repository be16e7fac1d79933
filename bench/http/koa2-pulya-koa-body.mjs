// Koa 2 + @koa/router with `app.use(pulya())`, Koa's own body setter kept and pulya's
// handleRequest/respond on: the A/B of src/koa/responses/body-setter.ts alone (see keepKoaBody).
import Koa from 'koa2'
import { pulya } from 'pulya/koa'
import { createKoaServer, keepKoaBody } from './_koa-app.mjs'

export async function createServer(workload) {
  return keepKoaBody(createKoaServer(Koa, workload, pulya()))
}
