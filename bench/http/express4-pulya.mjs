// Express 4 with `app.use(pulya())` first: the same app as express4.mjs.
import express from 'express4'
import { pulya } from 'pulya/express'
import { createExpressServer } from './_express-app.mjs'

export async function createServer(workload) {
  return createExpressServer(express, workload, pulya())
}
