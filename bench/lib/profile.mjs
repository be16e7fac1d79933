// A V8 CPU profile (`node --cpu-prof`, a .cpuprofile file) summed by where each sampled function
// lives: self time per package, so a profile says which package a request's time goes to.
// bench/profile.mjs takes the profiles; the functions here only read them (and are tested on
// hand-made profiles, test/bench/profile.test.ts).
//
//   …/node_modules/<pkg>/…          → <pkg> (the innermost node_modules: a package's own copy of
//                                     a dependency counts as that dependency; @scope/name kept)
//   node:<module>                   → node:<module>; node:internal/<x>/… → node:internal/<x>
//   pulya's build (dist/…)          → pulya: responses (its res.send/res.json/respond/ETag/final
//                                     handler work), pulya: metrics, pulya: dispatch (the rest:
//                                     routing, caches, install, bookkeeping)
//   the repository's bench/ files   → app (the benchmark app's own handlers and data)
//   no URL                          → (garbage collector), (program), (idle), or native: the
//                                     functions V8 and Node run natively (socket writes, regexps…)

/** Rows for time the process did not spend on the CPU: kept apart from every share. */
export const IDLE = '(idle)'

const PULYA_RESPONSE_FILES = /\/(responses\/|response-fast-path|etag|final-handler|body-memo)/

/**
 * Where a function lives, by its profile URL (and name, for the ones without a URL).
 * @param {string} url callFrame.url
 * @param {string} functionName callFrame.functionName
 * @param {string} root the repository's file URL, ending in '/'
 */
export function packageOf(url, functionName, root) {
  if (url === '') {
    if (functionName === '(idle)') return IDLE
    if (functionName === '(garbage collector)' || functionName === '(program)' || functionName === '(root)')
      return functionName
    return 'native'
  }
  if (url.startsWith('node:')) {
    const path = url.slice(5)
    if (!path.startsWith('internal/')) return url
    return `node:${path.split('/').slice(0, 2).join('/')}`
  }
  const at = url.lastIndexOf('/node_modules/')
  if (at !== -1) {
    const [first, second] = url.slice(at + 14).split('/')
    return first.startsWith('@') ? `${first}/${second}` : first
  }
  if (url.startsWith(`${root}dist/`)) {
    if (PULYA_RESPONSE_FILES.test(url)) return 'pulya: responses'
    if (url.includes('/metrics/')) return 'pulya: metrics'
    return 'pulya: dispatch'
  }
  if (url.startsWith(`${root}bench/`)) return 'app'
  return 'other'
}

/**
 * The timestamp (µs, the profile's clock) of every sample.
 * @param {{ startTime: number, timeDeltas: number[] }} profile
 */
export function sampleTimes(profile) {
  const times = new Array(profile.timeDeltas.length)
  let t = profile.startTime
  for (let i = 0; i < times.length; i++) {
    t += profile.timeDeltas[i]
    times[i] = t
  }
  return times
}

/**
 * Self-time samples per package, counting only the samples inside [fromUs, toUs] (the profile's
 * clock is CLOCK_MONOTONIC, as process.hrtime's: a server reports its window in it).
 * @param {{ nodes: Array<{ id: number, callFrame: { url: string, functionName: string } }>,
 *   samples: number[], timeDeltas: number[], startTime: number }} profile
 * @param {string} root the repository's file URL, ending in '/'
 * @param {{ fromUs?: number, toUs?: number }} [window]
 * @returns {{ packages: Map<string, number>, functions: Map<string, number>, samples: number,
 *   idle: number, spanUs: number }} `samples`: non-idle samples in the window; `functions` keyed
 *   by "package\tfunction (file:line)"
 */
export function samplesByPackage(profile, root, { fromUs = -Infinity, toUs = Infinity } = {}) {
  const byId = new Map()
  for (const node of profile.nodes) {
    const { url, functionName, lineNumber } = node.callFrame
    const pkg = packageOf(url, functionName, root)
    const file = url === '' ? '' : ` (${url.slice(url.lastIndexOf('/') + 1)}:${(lineNumber ?? -1) + 1})`
    byId.set(node.id, { pkg, fn: `${pkg}\t${functionName || '(anonymous)'}${file}` })
  }
  const times = sampleTimes(profile)
  const packages = new Map()
  const functions = new Map()
  let samples = 0
  let idle = 0
  let first = Infinity
  let last = -Infinity
  for (let i = 0; i < profile.samples.length; i++) {
    const t = times[i]
    if (t < fromUs || t > toUs) continue
    if (t < first) first = t
    if (t > last) last = t
    const { pkg, fn } = byId.get(profile.samples[i])
    if (pkg === IDLE) {
      idle++
      continue
    }
    samples++
    packages.set(pkg, (packages.get(pkg) ?? 0) + 1)
    functions.set(fn, (functions.get(fn) ?? 0) + 1)
  }
  return { packages, functions, samples, idle, spanUs: last >= first ? last - first : 0 }
}

/**
 * The rows of a side-by-side table: every package of any side, each side's samples and share of
 * that side's non-idle samples, sorted by the largest share of either side.
 * @param {Array<{ packages: Map<string, number>, samples: number }>} sides
 * @returns {Array<{ name: string, cells: Array<{ samples: number, share: number }> }>}
 */
export function compareRows(sides) {
  const names = new Set(sides.flatMap((side) => [...side.packages.keys()]))
  const rows = [...names].map((name) => ({
    name,
    cells: sides.map((side) => {
      const samples = side.packages.get(name) ?? 0
      return { samples, share: side.samples > 0 ? samples / side.samples : 0 }
    })
  }))
  const top = (row) => Math.max(...row.cells.map((c) => c.share))
  return rows.sort((a, b) => top(b) - top(a) || a.name.localeCompare(b.name))
}

/**
 * The `limit` largest rows, and one row summing the rest (null when nothing is left over).
 * @param {ReturnType<typeof compareRows>} rows
 */
export function topRows(rows, limit) {
  if (rows.length <= limit) return { shown: rows, rest: null }
  const restRows = rows.slice(limit)
  const rest = {
    name: `${restRows.length} more`,
    cells: restRows[0].cells.map((_, i) => ({
      samples: restRows.reduce((sum, r) => sum + r.cells[i].samples, 0),
      share: restRows.reduce((sum, r) => sum + r.cells[i].share, 0)
    }))
  }
  return { shown: rows.slice(0, limit), rest }
}
