// Koa 3 + @koa/router with `app.use(pulya())`, Koa's own handleRequest/respond and body setter
// kept: the A/B of src/koa/responses/respond-mirror.ts and body-setter.ts (see keepKoaRespond).
import Koa from 'koa'
import { pulya } from 'pulya/koa'
import { createKoaServer, keepKoaRespond } from './_koa-app.mjs'

export async function createServer(workload) {
  return keepKoaRespond(createKoaServer(Koa, workload, pulya()), Koa)
}
