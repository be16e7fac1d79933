// Express 4, vanilla.
import express from 'express4'
import { createExpressServer } from './_express-app.mjs'

export async function createServer(workload) {
  return createExpressServer(express, workload, null)
}
