// `node bench/same-process.mjs <workload> <variant A> <variant B> [--processes N] [--rounds N]`
// (after `npm run build`): what B costs over A with both apps in ONE server process, so both
// sides share the process's heap, JIT and start-up luck, and whatever the process does besides
// requests (a sampler, a loaded library) is paid by both. The HTTP benchmark (run.mjs) gives
// each variant a process of its own: the whole cost, process-wide parts included, but two
// processes of one server differ by more than a few percent (bench/NOTES.md, "Metrics: the
// per-request cost over many processes"). Run it also with A and B swapped and with A twice:
// the second port of a process is not exactly the first (±1–2% measured).
//
// The server (pinned to CPU 0) listens with both apps; this process (pin it to CPU 1 with
// taskset) alternates windows A B, B A, … (0.2 s re-warm, 0.75 s measured, 50 connections) and
// takes the server's CPU per request from process.cpuUsage() around each window.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { PINNING, SERVER_CPU } from './lib/procs.mjs'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    processes: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '8' },
    server: { type: 'boolean', default: false }
  }
})
const [workloadName, a, b] = positionals
if (!workloadName || !a || !b) {
  process.stderr.write(
    'usage: node bench/same-process.mjs <workload> <variant A> <variant B> [--processes N] [--rounds N]\n'
  )
  process.exit(2)
}

if (values.server) {
  const { getVariant } = await import('./http/variants.mjs')
  const { getWorkload } = await import('./http/workloads.mjs')
  const ports = []
  for (const name of [a, b]) {
    const { createServer } = await import(`./http/${getVariant(name).file}`)
    const server = await createServer(getWorkload(workloadName))
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
    ports.push(server.address().port)
  }
  process.on('disconnect', () => process.exit(0))
  process.on('message', () => process.send({ cpu: process.cpuUsage() }))
  process.send({ ports })
} else {
  const { runLoad } = await import('../dist/esm/cli/bench-kit.js')
  const { median } = await import('./lib/stats.mjs')
  const { getWorkload, sentBy } = await import('./http/workloads.mjs')
  const { requests } = sentBy(getWorkload(workloadName))
  const { costText: pct } = await import('./lib/report-md.mjs')
  const pinned = PINNING.available
    ? { execPath: 'taskset', execArgv: ['-c', String(SERVER_CPU), process.execPath] }
    : {}
  const all = []
  for (let p = 1; p <= Number(values.processes); p++) {
    const child = fork(fileURLToPath(import.meta.url), [workloadName, a, b, '--server'], {
      ...pinned,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc']
    })
    // One exit handler for the child's life (one per wait would pile up listeners).
    let failed = null
    child.once('exit', (code) => {
      failed = new Error(`server exited (${code}) during the run`)
      child.emit('message', null)
    })
    const message = () =>
      new Promise((resolve, reject) =>
        child.once('message', (m) => (m === null ? reject(failed) : resolve(m)))
      )
    const { ports } = await message()
    const cpu = async () => {
      child.send('sample')
      const { cpu } = await message()
      return cpu.user + cpu.system
    }
    for (const port of ports)
      await runLoad({ url: `http://127.0.0.1:${port}`, duration: 1, connections: 50, requests })
    const ratios = []
    for (let round = 0; round < Number(values.rounds); round++) {
      const perRequest = []
      for (const i of round % 2 === 0 ? [0, 1] : [1, 0]) {
        const url = `http://127.0.0.1:${ports[i]}`
        await runLoad({ url, duration: 0.2, connections: 50, requests })
        await new Promise((resolve) => setTimeout(resolve, 150))
        const before = await cpu()
        const { requests: answered } = await runLoad({ url, duration: 0.75, connections: 50, requests })
        perRequest[i] = ((await cpu()) - before) / answered
      }
      ratios.push(perRequest[1] / perRequest[0])
    }
    child.disconnect()
    all.push(...ratios)
    console.log(`process ${p}: ${pct(median(ratios))} (rounds ${ratios.map(pct).join(' ')})`)
  }
  console.log(
    `${b} vs ${a}, ${workloadName}, one process: server CPU per request ${pct(median(all))} (median of ${all.length} per-round ratios)`
  )
}
