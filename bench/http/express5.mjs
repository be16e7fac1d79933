// Express 5, vanilla.
import express from 'express'
import { createExpressServer } from './_express-app.mjs'

export async function createServer(workload) {
  return createExpressServer(express, workload, null)
}
