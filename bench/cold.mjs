// `npm run bench:cold [-- flags]`: the cold start on its own (bench/lib/cold.mjs says what is
// measured; the main report, `npm run bench`, has a shorter run of it too).
//
//   --node 20,24      Node majors (default: every major of package.json's engines); another major
//                     via `npx -y node@<major>`
//   --sizes 10,1000,10000,realistic   route table sizes (the scale-N workloads) and apps
//   --variants a,b    variants (default: Express 4/5 and Koa 3, each vanilla and with pulya)
//   --reps N          fresh processes per variant and size (default 7)
import { mkdirSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { COLD_SIZES, COLD_VARIANTS, parseColdSizes, runCold, runImports } from './lib/cold.mjs'
import { coldMethod, renderColdTable } from './lib/report-md.mjs'
import { PINNING, SERVER_CPU, LOADER_CPU, resolveNode } from './lib/procs.mjs'
import { ROOT, engineMajors, gitInfo, machineInfo } from './lib/system.mjs'
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
const majors = values.node ? list(values.node).map(Number) : engineMajors()
const reps = Number(values.reps)
if (!Number.isSafeInteger(reps) || reps < 1)
  throw new TypeError(`--reps must be a positive integer, got "${values.reps}"`)

const nodes = majors.map(resolveNode)
const rows = await runCold({
  nodes,
  sizes: parseColdSizes(values.sizes),
  variants: (values.variants ? list(values.variants) : COLD_VARIANTS).map(getVariant),
  reps,
  log: (line) => console.log(line)
})
const imports = runImports({ nodes, reps, cwd: ROOT, log: (line) => console.log(line) })
const importLines = [
  '## Loading pulya',
  '',
  `Each step in a fresh process (pinned like a server), timed from inside it; medians of ${reps}.`,
  '',
  `| step | ${nodes.map((n) => `Node ${n.version}`).join(' | ')} |`,
  `| --- | ${nodes.map(() => '---:').join(' | ')} |`,
  ...[...new Set(imports.map((r) => r.step))].map(
    (step) =>
      `| ${step} | ${nodes.map((n) => `${imports.find((r) => r.step === step && r.node === n.version).ms.toFixed(1)} ms`).join(' | ')} |`
  )
]
const lines = [
  '# pulya cold start',
  `- Command: \`node bench/cold.mjs ${process.argv.slice(2).join(' ')}\``,
  `- Commit: ${gitInfo().commit}; machine: ${machineInfo().cpuModel}, ${machineInfo().cores} CPUs; pinning: ${PINNING.available ? `server on CPU ${SERVER_CPU}, runner on CPU ${LOADER_CPU}` : PINNING.reason}`,
  `- ${coldMethod(reps)}`,
  '',
  ...renderColdTable(rows),
  '',
  ...importLines
]
mkdirSync(RESULTS_DIR, { recursive: true })
writeFileSync(`${RESULTS_DIR}cold-latest.md`, lines.join('\n') + '\n')
writeFileSync(`${RESULTS_DIR}cold-latest.json`, JSON.stringify({ rows, imports }, null, 2) + '\n')
console.log(`\nwrote ${RESULTS_DIR}cold-latest.md`)
