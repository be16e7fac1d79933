// The load generator process (pinned to its own CPU by the runner): it keeps running and takes
// `run` orders over IPC, so its start-up and JIT warm-up never land in a measured window.
// The window itself is runLoad (src/cli/load-generator.ts), the one home shared with `pulya bench`.
import { autocannonRequests, importAutocannon, runLoad } from '../../dist/esm/cli/bench-kit.js'
import { getWorkload, sentBy } from './workloads.mjs'

function run({ url, workload, duration, connections }) {
  return runLoad({ url, duration, connections, ...sentBy(getWorkload(workload)) })
}

// `count` orders (bench/instructions.mjs): exactly `amount` requests, then stop, so a window
// under callgrind begins and ends with the server idle.
async function count({ url, workload, amount, connections }) {
  const requests = autocannonRequests(sentBy(getWorkload(workload)))
  const autocannon = await importAutocannon()
  return new Promise((resolve, reject) => {
    autocannon({ url, amount, connections, pipelining: 1, timeout: 120, requests }, (error, result) => {
      if (error) reject(error)
      else
        resolve({
          requests: result.requests.total,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts
        })
    })
  })
}

process.on('disconnect', () => process.exit(0))
process.on('message', (message) => {
  if (message?.type !== 'run' && message?.type !== 'count') return
  ;(message.type === 'run' ? run(message) : count(message)).then(
    (result) => process.send({ type: 'result', id: message.id, result }),
    (err) => process.send({ type: 'result', id: message.id, error: String(err?.stack ?? err) })
  )
})
process.send({ type: 'ready', node: process.version, pid: process.pid })
