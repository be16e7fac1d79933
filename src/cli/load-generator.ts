/**
 * One measured window of load with autocannon, shared by `pulya bench` (its loader process)
 * and the repo's bench/http/loader.mjs. It records every response's latency itself because
 * autocannon's histogram keeps whole milliseconds and only 2xx answers (404 workloads are
 * all non-2xx).
 */
import { cpuUsage, hrtime } from 'process'

/** One request autocannon cycles through. */
export interface LoadRequest {
  method: string
  path: string
  headers?: Record<string, string>
  body?: string
}

/** A window to run: a list of requests, or `unique`: a prefix every request extends once. */
export interface LoadOrder {
  url: string
  duration: number
  connections: number
  requests?: readonly LoadRequest[]
  unique?: string
}

/** What one window measured. */
export interface LoadResult {
  requests: number
  durationS: number
  rps: number
  p50Ms: number | null
  p99Ms: number | null
  statusCodes: Record<string, number>
  errors: number
  timeouts: number
  /** The loader's own CPU over the window, in cores: above ~0.9 req/s is only a lower bound. */
  loaderCpu: number
}

interface AutocannonRequest {
  method: string
  path?: string
  headers?: Record<string, string>
  body?: string
  setupRequest?: (req: { path: string }) => { path: string }
}

interface AutocannonInstance {
  once(event: 'start', listener: () => void): void
  on(
    event: 'response',
    listener: (client: unknown, statusCode: number, bytes: number, responseTime: number) => void
  ): void
}

type Autocannon = (
  options: Record<string, unknown>,
  done: (
    error: unknown,
    result: {
      requests: { total: number }
      statusCodeStats: Record<string, { count: number }>
      errors: number
      timeouts: number
    }
  ) => void
) => AutocannonInstance

/** The message when autocannon is not installed (it is an optional peer dependency). */
export const NO_AUTOCANNON = 'pulya bench needs autocannon: npm install --save-dev autocannon'

/** autocannon, imported once. @throws Error(NO_AUTOCANNON) when it is not installed */
export async function importAutocannon(name = 'autocannon'): Promise<Autocannon> {
  try {
    return ((await import(name)) as { default: Autocannon }).default
  } catch {
    throw new Error(NO_AUTOCANNON)
  }
}

// Never reset: unique paths stay unique for the whole process, across rounds and servers.
let uniqueCounter = 0
const uniqueRun = Date.now().toString(36)

/** Above this many listed requests, one request rotates through the paths (see below). */
export const ROTATE_ABOVE = 64

/** The requests autocannon gets for `order`. */
export function autocannonRequests(order: Pick<LoadOrder, 'requests' | 'unique'>): AutocannonRequest[] {
  if (order.unique !== undefined) {
    const prefix = `${order.unique}${uniqueRun}-`
    return [
      {
        method: 'GET',
        setupRequest: (req) => {
          req.path = prefix + (uniqueCounter++).toString(36)
          return req
        }
      }
    ]
  }
  const requests = order.requests ?? []
  if (requests.length === 0) throw new TypeError('a load order needs requests or unique')
  const first = requests[0] as LoadRequest
  if (
    requests.length > ROTATE_ABOVE &&
    requests.every((r) => r.method === first.method && r.headers === undefined && r.body === undefined)
  ) {
    // autocannon pre-builds every listed request for every connection (1,000 paths × 50
    // connections take a second before the first request): rotate through the list instead.
    const paths = requests.map((r) => r.path)
    let next = 0
    return [
      {
        method: first.method,
        path: first.path,
        setupRequest: (req) => {
          req.path = paths[next++ % paths.length] as string
          return req
        }
      }
    ]
  }
  return requests.map((r) => {
    const request: AutocannonRequest = { method: r.method, path: r.path }
    if (r.headers !== undefined) request.headers = r.headers
    if (r.body !== undefined) request.body = r.body
    return request
  })
}

/** The value at share `p` of `sorted`, or null when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number
}

/**
 * Runs one window of load against `order.url` (always a 127.0.0.1 URL here) and measures it.
 * @example await runLoad({ url: 'http://127.0.0.1:3000', duration: 1, connections: 50, requests: [{ method: 'GET', path: '/' }] })
 */
export async function runLoad(order: LoadOrder, autocannon?: Autocannon): Promise<LoadResult> {
  const cannon = autocannon ?? (await importAutocannon())
  const requests = autocannonRequests(order)
  let latencies = new Float64Array(1 << 16)
  let count = 0
  return new Promise((resolve, reject) => {
    let cpu0 = cpuUsage()
    let t0 = hrtime.bigint()
    const instance = cannon(
      {
        url: order.url,
        duration: order.duration,
        connections: order.connections,
        pipelining: 1,
        timeout: 10,
        requests,
        // autocannon stops on its sampling tick: 100 ms ticks make sub-second windows exact
        // enough (the default 1 s tick rounds every window up to whole seconds).
        sampleInt: 100
      },
      (error, result) => {
        if (error !== null && error !== undefined) {
          reject(error instanceof Error ? error : new Error(JSON.stringify(error)))
          return
        }
        const wallUs = Number(hrtime.bigint() - t0) / 1e3
        const cpu = cpuUsage(cpu0)
        const sorted = latencies.subarray(0, count).sort()
        resolve({
          requests: result.requests.total,
          durationS: wallUs / 1e6,
          rps: result.requests.total / (wallUs / 1e6),
          p50Ms: percentile(sorted, 0.5),
          p99Ms: percentile(sorted, 0.99),
          statusCodes: Object.fromEntries(
            Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])
          ),
          errors: result.errors,
          timeouts: result.timeouts,
          loaderCpu: (cpu.user + cpu.system) / wallUs
        })
      }
    )
    // The window starts once autocannon has built its clients: its own duration would also
    // count that set-up, during which no request is sent.
    instance.once('start', () => {
      cpu0 = cpuUsage()
      t0 = hrtime.bigint()
    })
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      if (count === latencies.length) {
        const grown = new Float64Array(count * 2)
        grown.set(latencies)
        latencies = grown
      }
      latencies[count++] = responseTime
    })
  })
}
