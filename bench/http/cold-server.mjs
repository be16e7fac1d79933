// A cold-start server process: `node cold-server.mjs <variant> <workload>`, started fresh by
// bench/cold.mjs for every measurement. It times its own start-up — from this line, before the
// framework, pulya and the app are loaded, to the `listening` callback — and reports it with
// its port over IPC; the runner then sends the first requests.
const started = performance.now()
const [variantName, workloadName] = process.argv.slice(2)
const { getVariant } = await import('./variants.mjs')
const { getWorkload } = await import('./workloads.mjs')

process.on('disconnect', () => process.exit(0))
process.on('message', (message) => {
  if (message?.type === 'cpu') process.send({ type: 'cpu', cpu: process.cpuUsage() })
})

const { createServer } = await import(`./${getVariant(variantName).file}`)
const server = await createServer(getWorkload(workloadName))
server.listen(0, '127.0.0.1', () => {
  process.send({
    type: 'ready',
    port: server.address().port,
    startupMs: performance.now() - started,
    cpu: process.cpuUsage()
  })
})
