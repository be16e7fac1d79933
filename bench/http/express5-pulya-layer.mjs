// Express 5 + pulya with the schema variant's route layer but JSON.stringify: the layer's cost.
import express from 'express'
import { pulya } from 'pulya/express'
import { createExpressServer } from './_express-app.mjs'
import { stringifyLayer } from './_response-schema.mjs'

export async function createServer(workload) {
  return createExpressServer(express, workload, pulya(), stringifyLayer)
}
