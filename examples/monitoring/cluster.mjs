/**
 * pulya's metrics under node:cluster: every worker runs the Express example app with metrics on
 * in prom-client's global registry (its own, per process); the primary serves the sum over the
 * workers at `/metrics` with prom-client's `AggregatorRegistry`, the way prom-client documents
 * for cluster (and PM2 in cluster mode) — one scrape target, exact totals.
 *
 *   npm run build && node examples/monitoring/cluster.mjs
 *
 * WORKERS (default 2), CLUSTER_PORT (the app, shared by the workers; default 39111),
 * CLUSTER_METRICS_PORT (the primary's /metrics; default 39112). Both on 127.0.0.1 only; 0
 * takes any free port (printed).
 */
import cluster from 'node:cluster'
import http from 'node:http'
import { AggregatorRegistry } from 'prom-client'
import { portFrom } from './_work.mjs'

const workers = Number(process.env.WORKERS ?? 2)
// In every process, as prom-client's cluster example does: in the primary it asks and sums, in
// a worker it answers the primary's requests with that worker's global registry.
const aggregator = new AggregatorRegistry()

if (cluster.isPrimary) {
  const metrics = http.createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end()
      return
    }
    // Asks every worker for its registry (over cluster IPC) and sums the series.
    aggregator.clusterMetrics().then(
      (body) => {
        res.writeHead(200, { 'Content-Type': aggregator.contentType }).end(body)
      },
      (err) => {
        res.writeHead(500).end(String(err?.message ?? err))
      }
    )
  })
  metrics.listen(portFrom('CLUSTER_METRICS_PORT', 39112), '127.0.0.1', () => {
    console.log(`cluster metrics on http://127.0.0.1:${metrics.address().port}/metrics`)
  })
  let listening = 0
  for (let i = 0; i < workers; i++) {
    cluster.fork().on('message', (message) => {
      if (message?.port !== undefined && ++listening === workers)
        console.log(`cluster app on http://127.0.0.1:${message.port} (${workers} workers)`)
    })
  }
  const stop = () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill()
    metrics.close()
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
} else {
  const { createApp } = await import('./express-app.mjs')
  const app = createApp()
  // Says which worker answered (X-Worker), so the spread over the workers can be seen.
  const server = http.createServer((req, res) => {
    res.setHeader('X-Worker', String(cluster.worker.id))
    app(req, res)
  })
  server.listen(portFrom('CLUSTER_PORT', 39111), '127.0.0.1', () => {
    process.send?.({ port: server.address().port })
  })
}
