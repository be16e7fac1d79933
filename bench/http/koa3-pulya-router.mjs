// Koa 3 with pulya's drop-in Router (`import { Router } from 'pulya/koa'`) instead of
// @koa/router's, and no pulya() middleware: the same app as koa3.mjs otherwise.
import Koa from 'koa'
import { Router } from 'pulya/koa'
import { createKoaServer } from './_koa-app.mjs'

export async function createServer(workload) {
  return createKoaServer(Koa, workload, null, Router)
}
