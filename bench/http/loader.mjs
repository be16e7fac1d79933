// The load generator process (pinned to its own CPU by the runner): it keeps running and takes
// `run` orders over IPC, so its start-up and JIT warm-up never land in a measured window.
// The window itself is runLoad (src/cli/load-gen.ts), the one home shared with `pulya bench`.
import { runLoad } from '../../dist/esm/cli/load-gen.js'
import { getWorkload } from './workloads.mjs'

function run ({ url, workload: workloadName, duration, connections }) {
  const workload = getWorkload(workloadName)
  const requests = workload.unique ? undefined : workload.requests.map(({ method, path }) => ({ method, path }))
  return runLoad({ url, duration, connections, requests, unique: workload.unique || undefined })
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
