// Express 5 + pulya, each JSON route behind a schema-compiled serialiser (the prototype in bench/NOTES.md).
import express from 'express'
import { pulya } from 'pulya/express'
import { createExpressServer } from './_express-app.mjs'
import { compiledLayer } from './_response-schema.mjs'

export async function createServer(workload) {
  return createExpressServer(express, workload, pulya(), compiledLayer)
}
