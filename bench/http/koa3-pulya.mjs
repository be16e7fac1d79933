// Koa 3 + @koa/router with `app.use(pulya())` first: the same app as koa3.mjs.
import Koa from 'koa'
import { pulya } from 'pulya/koa'
import { createKoaServer } from './_koa-app.mjs'

export async function createServer(workload) {
  return createKoaServer(Koa, workload, pulya())
}
