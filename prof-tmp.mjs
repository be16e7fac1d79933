import { getWorkload } from './bench/http/workloads.mjs'
const workload = getWorkload('routes')
const { createServer } = await import(`./bench/http/${process.argv[2]}`)
const server = await createServer(workload)
server.listen(Number(process.argv[3]), '127.0.0.1')
setTimeout(() => process.exit(0), Number(process.argv[4]) * 1000)
