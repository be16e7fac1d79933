// Express 5 with `app.use(pulya())` first: the same app as express5.mjs.
import express from 'express'
import { pulya } from 'pulya/express'
import { createExpressServer } from './_express-app.mjs'

export async function createServer(workload) {
  return createExpressServer(express, workload, pulya())
}
