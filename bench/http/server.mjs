// A benchmark server process: `node server.mjs <variant> <workload>`, started by the runner
// (pinned to one CPU) with an IPC channel. It listens on 127.0.0.1, reports its port, and
// answers `sample` with its own CPU time and RSS so the runner can charge the server for
// exactly the measured window, and `exit` by exiting.
import { getVariant } from './variants.mjs'
import { getWorkload } from './workloads.mjs'

const [variantName, workloadName] = process.argv.slice(2)

function report(message) {
  if (process.connected) process.send(message)
}

// An error must reach the runner even though stdout/stderr go to /dev/null (the errors
// workload makes Express and Koa log a stack per request).
process.on('uncaughtException', (err) => {
  report({ type: 'fatal', message: String(err?.stack ?? err) })
  process.exit(1)
})

// The runner going away closes the channel: never outlive it.
process.on('disconnect', () => process.exit(0))

process.on('message', (message) => {
  if (message?.type === 'sample') {
    // `now`: µs on CLOCK_MONOTONIC, the clock of a --cpu-prof profile (bench/profile.mjs).
    const now = Number(process.hrtime.bigint() / 1000n)
    report({ type: 'sample', id: message.id, cpu: process.cpuUsage(), rss: process.memoryUsage.rss(), now })
  }
  // A normal exit, so that --cpu-prof writes its profile (a kill would lose it).
  if (message?.type === 'exit') process.exit(0)
})

const variant = getVariant(variantName)
const { createServer } = await import(`./${variant.file}`)
const server = await createServer(getWorkload(workloadName))
server.listen(0, '127.0.0.1', () => {
  report({ type: 'ready', port: server.address().port, node: process.version, pid: process.pid })
})
