import autocannon from 'autocannon'
import { getWorkload } from './bench/http/workloads.mjs'
const workload = getWorkload('routes')
const r = await autocannon({ url: `http://127.0.0.1:${process.argv[2]}`, connections: 50, duration: Number(process.argv[3]), requests: workload.requests })
console.log('requests', r.requests.total)
