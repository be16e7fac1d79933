// `npm run bench:cold [-- flags]`: the cold start on its own (bench/lib/cold.mjs says what is
// measured; the main report, `npm run bench`, has a shorter run of it too).
//
//   --node 20,24      Node majors (default: this Node's); another major via `npx -y node@<major>`
//   --sizes 10,1000,10000   route table sizes (the scale-N workloads)
//   --variants a,b    variants (default: Express 4/5 and Koa 3, each vanilla and with pulya)
//   --reps N          fresh processes per variant and size (default 7)
import { mkdirSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { COLD_SIZES, COLD_VARIANTS, runCold } from './lib/cold.mjs'
import { coldMethod, renderColdTable } from './lib/report-md.mjs'
import { PINNING, SERVER_CPU, LOADER_CPU, resolveNode } from './lib/procs.mjs'
import { ROOT, gitInfo, machineInfo } from './lib/system.mjs'
import { getVariant } from './http/variants.mjs'

const RESULTS_DIR = `${ROOT}bench/results/`

const { values } = parseArgs({
  options: {
    node: { type: 'string' },
    sizes: { type: 'string', default: COLD_SIZES.join(',') },
    variants: { type: 'string' },
    reps: { type: 'string', default: '7' }
  }
})
const list = (text) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
const majors = values.node ? list(values.node).map(Number) : [Number(process.versions.node.split('.')[0])]
const reps = Number(values.reps)
if (!Number.isSafeInteger(reps) || reps < 1)
  throw new TypeError(`--reps must be a positive integer, got "${values.reps}"`)

const rows = await runCold({
  nodes: majors.map(resolveNode),
  sizes: list(values.sizes).map(Number),
  variants: (values.variants ? list(values.variants) : COLD_VARIANTS).map(getVariant),
  reps,
  log: (line) => console.log(line)
})
const lines = [
  '# pulya cold start',
  `- Command: \`node bench/cold.mjs ${process.argv.slice(2).join(' ')}\``,
  `- Commit: ${gitInfo().commit}; machine: ${machineInfo().cpuModel}, ${machineInfo().cores} CPUs; pinning: ${PINNING.available ? `server on CPU ${SERVER_CPU}, runner on CPU ${LOADER_CPU}` : PINNING.reason}`,
  `- ${coldMethod(reps)}`,
  '',
  ...renderColdTable(rows)
]
mkdirSync(RESULTS_DIR, { recursive: true })
writeFileSync(`${RESULTS_DIR}cold-latest.md`, lines.join('\n') + '\n')
writeFileSync(`${RESULTS_DIR}cold-latest.json`, JSON.stringify(rows, null, 2) + '\n')
console.log(`\nwrote ${RESULTS_DIR}cold-latest.md`)
