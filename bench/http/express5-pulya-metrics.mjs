// Express 5 with `app.use(pulya({ metrics: true }))` first: the same app as express5-pulya.mjs,
// with per-route metrics recorded (prom-client's global registry, as `metrics: true` does).
import express from 'express'
import { pulya } from 'pulya/express'
import { createExpressServer } from './_express-app.mjs'

export async function createServer(workload) {
  return createExpressServer(express, workload, pulya({ metrics: true }))
}
