// Koa 3 + @koa/router, vanilla.
import Koa from 'koa'
import { createKoaServer } from './_koa-app.mjs'

export async function createServer(workload) {
  return createKoaServer(Koa, workload, null)
}
