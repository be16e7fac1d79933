// The load generator process (pinned to its own CPU by the runner): it keeps running and takes
// `run` orders over IPC, so its start-up and JIT warm-up never land in a measured window.
// It records every response's latency itself because autocannon's histogram keeps whole
// milliseconds and only 2xx answers (notfound and errors are all non-2xx).
import { cpuUsage, hrtime } from 'node:process'
import autocannon from 'autocannon'
import { getWorkload } from './workloads.mjs'

// Never reset: unique-urls paths are unique for the whole run, across rounds and servers.
let uniqueCounter = 0
const uniqueRun = Date.now().toString(36)

const ROTATE_ABOVE = 64

function autocannonRequests (workload) {
  if (workload.unique) {
    const prefix = `${workload.unique}${uniqueRun}-`
    return [{
      method: 'GET',
      setupRequest: (req) => {
        req.path = prefix + (uniqueCounter++).toString(36)
        return req
      }
    }]
  }
  if (workload.requests.length > ROTATE_ABOVE) {
    // autocannon pre-builds every listed request for every connection (1,000 params paths ×
    // 50 connections would take a second before the first request): rotate through the
    // list in setupRequest instead, the way unique-urls makes its paths.
    const { method, path: first } = workload.requests[0]
    if (workload.requests.some((r) => r.method !== method)) throw new TypeError(`${workload.name}: a rotated list must use one method`)
    const paths = workload.requests.map((r) => r.path)
    let next = 0
    return [{
      method,
      path: first,
      setupRequest: (req) => {
        req.path = paths[next++ % paths.length]
        return req
      }
    }]
  }
  return workload.requests.map(({ method, path }) => ({ method, path }))
}

function percentile (sorted, p) {
  if (sorted.length === 0) return null
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]
}

function run ({ url, workload: workloadName, duration, connections }) {
  const workload = getWorkload(workloadName)
  let latencies = new Float64Array(1 << 16)
  let count = 0
  return new Promise((resolve, reject) => {
    let cpu0 = cpuUsage()
    let t0 = hrtime.bigint()
    const instance = autocannon({
      url, duration, connections, pipelining: 1, timeout: 10, requests: autocannonRequests(workload),
      // autocannon stops on its sampling tick: 100 ms ticks make sub-second windows exact
      // enough (the default 1 s tick rounds every window up to whole seconds).
      sampleInt: 100
    }, (err, result) => {
      if (err) return reject(err)
      const wallUs = Number(hrtime.bigint() - t0) / 1e3
      const cpu = cpuUsage(cpu0)
      const sorted = latencies.subarray(0, count).sort()
      resolve({
        requests: result.requests.total,
        durationS: wallUs / 1e6,
        rps: result.requests.total / (wallUs / 1e6),
        p50Ms: percentile(sorted, 0.5),
        p99Ms: percentile(sorted, 0.99),
        statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])),
        errors: result.errors,
        timeouts: result.timeouts,
        loaderCpu: (cpu.user + cpu.system) / wallUs
      })
    })
    // The window starts once autocannon has built its clients: result.duration would also
    // count that set-up, during which no request is sent.
    instance.once('start', () => {
      cpu0 = cpuUsage()
      t0 = hrtime.bigint()
    })
    instance.on('response', (client, statusCode, resBytes, responseTime) => {
      if (count === latencies.length) {
        const grown = new Float64Array(count * 2)
        grown.set(latencies)
        latencies = grown
      }
      latencies[count++] = responseTime
    })
  })
}

process.on('disconnect', () => process.exit(0))
process.on('message', (message) => {
  if (message?.type !== 'run') return
  run(message).then(
    (result) => process.send({ type: 'result', id: message.id, result }),
    (err) => process.send({ type: 'result', id: message.id, error: String(err?.stack ?? err) })
  )
})
process.send({ type: 'ready', node: process.version, pid: process.pid })
