/**
 * A local collector on 127.0.0.1 standing in for an agent's backend (the Datadog agent,
 * Sentry's ingest): it keeps every request's path and body and answers 200 with `{}`. It runs
 * in the test process, so the child under the agent never serves (nor traces) it.
 * @module
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  method: string
  path: string
  contentType: string
  body: Buffer
}

export interface Collector {
  url: string
  received: Received[]
  close(): Promise<void>
}

/** Starts a collector on an ephemeral port of 127.0.0.1. */
export async function startCollector(): Promise<Collector> {
  const received: Received[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        contentType: req.headers['content-type'] ?? '',
        body: Buffer.concat(chunks)
      })
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => {
          resolve()
        })
      })
  }
}
