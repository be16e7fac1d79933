// Express 5 with `app.use(pulya({ responses: false }))`: routing and server classes only,
// so a run with express5+pulya next to it measures the response paths (ETag memo, final
// handler) side by side.
import express from 'express'
import { pulya } from 'pulya/express'
import { createExpressServer } from './_express-app.mjs'

export async function createServer(workload) {
  return createExpressServer(express, workload, pulya({ responses: false }))
}
