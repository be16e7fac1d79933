/**
 * examples/monitoring/cluster.mjs: two workers with pulya's metrics, summed by prom-client's
 * AggregatorRegistry in the primary. The totals Prometheus would scrape from the primary are
 * exact: every request counted once, whichever worker answered it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { request } from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const SCRIPT = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'examples',
  'monitoring',
  'cluster.mjs'
)
const REQUESTS = 120

function get(url: string): Promise<{ status: number; worker: string; body: string }> {
  return new Promise((resolve, reject) => {
    // A connection per request: the cluster's round-robin hands each to the next worker.
    request(url, { agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
      })
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, worker: String(res.headers['x-worker'] ?? ''), body })
      })
    })
      .on('error', reject)
      .end()
  })
}

describe('examples/monitoring/cluster.mjs: metrics of 2 workers, aggregated', () => {
  let child: ChildProcess
  let app = ''
  let metrics = ''

  beforeAll(async () => {
    child = spawn(process.execPath, [SCRIPT], {
      env: { ...process.env, WORKERS: '2', CLUSTER_PORT: '0', CLUSTER_METRICS_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let output = ''
    await new Promise<void>((resolve, reject) => {
      const seen = (chunk: Buffer): void => {
        output += chunk.toString()
        app = /cluster app on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? ''
        metrics = /cluster metrics on (http:\S+)/.exec(output)?.[1] ?? ''
        if (app !== '' && metrics !== '') resolve()
      }
      child.stdout?.on('data', seen)
      child.stderr?.on('data', seen)
      child.once('exit', (code) => {
        reject(new Error(`cluster.mjs exited with ${code}: ${output}`))
      })
    })
  })

  afterAll(() => {
    child.kill()
  })

  it('counts every request exactly once in the sum over the workers, both of which answered', async () => {
    const workers = new Map<string, number>()
    for (let i = 0; i < REQUESTS; i++) {
      const { status, worker } = await get(`${app}/api/v1/users/${i}`)
      expect(status).toBe(200)
      workers.set(worker, (workers.get(worker) ?? 0) + 1)
    }
    await get(`${app}/no/such/path`)
    expect([...workers.keys()].sort()).toEqual(['1', '2'])
    const { body } = await get(metrics)
    const count = (route: string, status: string): number =>
      Number(
        new RegExp(
          `^http_server_request_duration_seconds_count\\{method="GET",route="${route}",status_code="${status}"\\} (\\d+)$`,
          'm'
        ).exec(body)?.[1]
      )
    expect(count('/api/v1/users/:id', '200')).toBe(REQUESTS)
    expect(count('__unknown__', '404')).toBe(1)
    const bucket = new RegExp(
      `^http_server_request_duration_seconds_bucket\\{method="GET",route="/api/v1/users/:id",status_code="200",le="\\+Inf"\\} (\\d+)$`,
      'm'
    ).exec(body)?.[1]
    expect(Number(bucket)).toBe(REQUESTS)
    expect(body).toMatch(/^http_server_active_requests 0$/m)
  })
})
