// Koa 2 + @koa/router, vanilla (an extra variant: --variants koa2,koa2+pulya or --full).
import Koa from 'koa2'
import { createKoaServer } from './_koa-app.mjs'

export async function createServer(workload) {
  return createKoaServer(Koa, workload, null)
}
