// The Markdown report (bench/results/latest.md): one table of medians and ratios per workload,
// with everything needed to judge the numbers (machine, versions, load, method) on top.

import { num } from '../../dist/esm/cli/bench-kit.js'

function ratio(n) {
  return n == null ? '–' : `${num(n, 2)}×`
}

/** A cost ratio (B ÷ A of CPU or instructions per request) as a signed percentage: 1.034 → "+3.4%". */
export function costText(ratio) {
  return `${ratio >= 1 ? '+' : ''}${num((ratio - 1) * 100, 1)}%`
}

function pct(n) {
  return n == null ? '–' : `${num(n * 100)}%`
}

/** A contestant's row: medians, best round, ratios, and how trustworthy the window was. */
function row(c) {
  // "≥": the loader saturated its core in some round, so req/s is only a lower bound.
  const rps = `${c.loaderBound ? '≥' : ''}${num(c.median.rps)}`
  return [
    c.variant,
    c.nodeVersion,
    rps,
    num(c.median.p50Ms, 2),
    num(c.median.p99Ms, 2),
    num(c.peak.rssMb, 1),
    num(c.median.cpuUsPerReq, 1),
    num(c.best.cpuUsPerReq, 1),
    ratio(c.vsBase?.cpu),
    ratio(c.vsBase?.rps),
    ratio(c.vsRaw?.cpu),
    ratio(c.vsRaw?.rps),
    pct(c.median.loaderCpu),
    num(c.median.otherCores, 2)
  ]
}

const HEADER = [
  'variant',
  'node',
  'req/s',
  'p50 ms',
  'p99 ms',
  'max RSS MB',
  'CPU µs/req',
  'best CPU µs/req',
  'pulya/vanilla CPU',
  'pulya/vanilla req/s',
  'CPU ÷ raw',
  'req/s ÷ raw',
  'loader CPU',
  'other load'
]

function table(rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`
  return [line(HEADER), line(HEADER.map((_, i) => (i < 2 ? '---' : '---:'))), ...rows.map(line)].join('\n')
}

/**
 * What a feature costs over the pulya variant without it (`against`): the median of the
 * per-round CPU ratios (rounds are neighbours in time), as a percentage of the server's CPU.
 */
function featureCosts(contestants) {
  return contestants
    .filter((c) => c.vsAgainst?.paired?.cpu != null)
    .map((c) => {
      const processes = new Set(c.rounds.map((r) => r.process ?? 1)).size
      return (
        `${c.variant} vs ${c.against} on Node ${c.nodeMajor}: server CPU per request ${costText(1 / c.vsAgainst.paired.cpu)} ` +
        `(median of ${c.rounds.length} per-round ratios, ${processes} server process${processes === 1 ? '' : 'es'} each).`
      )
    })
}

/**
 * pulya against its vanilla base, one row per pair and Node: what each side measured and the
 * speed-up as the median of the per-round CPU ratios with its smallest and largest round.
 * @returns {string[]} Markdown lines (none when the workload ran no pair)
 */
export function pairsTable(contestants) {
  const rows = contestants
    .filter((c) => c.base && c.vsBase?.paired)
    .map((c) => {
      const base = contestants.find((b) => b.variant === c.base && b.nodeMajor === c.nodeMajor)
      const side = (x) => `${x.loaderBound ? '≥' : ''}${num(x.median.rps)}`
      const latency = (x) => `${num(x.median.p50Ms, 1)} / ${num(x.median.p99Ms, 1)}`
      const range = c.vsBase.pairedRange?.cpu
      return [
        `${c.variant} vs ${c.base}`,
        c.nodeVersion,
        `${side(base)} → ${side(c)}`,
        `${latency(base)} → ${latency(c)}`,
        `${num(base.median.cpuUsPerReq, 1)} → ${num(c.median.cpuUsPerReq, 1)}`,
        `**${ratio(c.vsBase.paired.cpu)}**`,
        range ? `${num(range[0], 2)}–${num(range[1], 2)}×` : '–',
        String(c.rounds.length)
      ]
    })
  if (rows.length === 0) return []
  const head = [
    'pair',
    'node',
    'req/s',
    'p50 / p99 ms',
    'CPU µs/req',
    'speed (CPU)',
    'per-round min–max',
    'rounds'
  ]
  const line = (cells) => `| ${cells.join(' | ')} |`
  return [
    line(head),
    line(head.map((_, i) => (i < 2 ? '---' : '---:'))),
    ...rows.map(line),
    '',
    "Speed: vanilla CPU µs/req ÷ pulya's, the median of the per-round ratios (each pulya round against " +
      'the neighbouring round of its vanilla base); above 1× pulya is cheaper. Cells read vanilla → pulya.',
    ''
  ]
}

function warnings(contestants) {
  const out = []
  const bound = contestants.filter((c) => c.loaderBound).map((c) => `${c.variant}@${c.nodeMajor}`)
  if (bound.length) out.push(`Loader above 90% CPU (req/s is a lower bound): ${bound.join(', ')}.`)
  const busy = contestants.filter((c) => c.median.otherCores > 0.25).map((c) => `${c.variant}@${c.nodeMajor}`)
  if (busy.length)
    out.push(
      `Other work used more than a quarter core during: ${busy.join(', ')} (treat req/s with care; CPU µs/req is steadier).`
    )
  return out
}

/**
 * Renders the whole result document as Markdown.
 * @param {object} doc the object written to bench/results/<timestamp>.json
 */
export function renderMarkdown(doc) {
  const { meta, config, workloads } = doc
  const nodes = meta.nodes.map((n) => n.version).join(', ')
  const packages = Object.entries(meta.packages)
    .map(([name, v]) => `${name} ${v ?? 'missing'}`)
    .join(', ')
  const out = [
    `# pulya HTTP benchmark — ${meta.startedAt}`,
    '',
    `- Command: \`${meta.command}\` (took ${num(meta.elapsedS / 60, 1)} min)`,
    `- Commit: ${meta.git.commit ?? 'unknown'}${meta.git.dirty ? ' (work tree had uncommitted changes)' : ''}`,
    `- Machine: ${meta.machine.cpuModel}, ${meta.machine.cores} CPUs, ${meta.machine.memoryGb} GB, Linux ${meta.machine.kernel}; ` +
      `load average at start ${meta.machine.loadavgAtStart.map((l) => num(l, 2)).join(' / ')}; ` +
      (meta.machine.pinned
        ? 'server on CPU 0, loader on CPU 1 (taskset)'
        : `NOT pinned: ${meta.machine.pinningNote}`),
    `- Node: ${nodes}; loader on ${meta.loaderNode}`,
    `- Packages: ${packages}`,
    `- Method: ${config.rounds} interleaved rounds per workload (unless the workload's line says otherwise)${(config.processes ?? 1) > 1 ? `, ${config.processes} times with fresh server processes` : ''}; per server ${config.warmupS} s warm-up once, then per round ` +
      `${config.rewarmS} s re-warm + ${config.durationS} s measured; autocannon ${config.connections} connections, no pipelining. ` +
      'Medians over rounds; "best" is the lowest CPU µs/req of any round; "max RSS" the largest server RSS at the end ' +
      'of a window (servers live through all rounds, so growth shows).',
    '- Columns: CPU µs/req = server user+sys CPU in the window ÷ requests completed (lower is better). ' +
      '"pulya/vanilla" and "÷ raw" divide this row by its vanilla framework / by raw node:http on the same Node major: ' +
      'below 1× is cheaper for CPU, above 1× is faster for req/s. "other load" = CPUs\' worth of work by other ' +
      'processes during the window (from /proc/stat). "≥" marks req/s capped by the loader.',
    ''
  ]
  for (const [name, result] of Object.entries(workloads)) {
    const shape =
      result.rounds === undefined
        ? ''
        : `${result.rounds} rounds × ${result.durationS} s, ${result.connections} connections, Node ${result.nodes.join(', ')}. `
    out.push(`## ${name}`, '')
    if (shape) out.push(`${shape}`, '')
    out.push(...pairsTable(result.contestants), table(result.contestants.map(row)), '')
    for (const cost of featureCosts(result.contestants)) out.push(`- ${cost}`)
    if (result.contestants.some((c) => c.vsAgainst?.paired?.cpu != null)) out.push('')
    for (const note of [...warnings(result.contestants), ...result.notes]) out.push(`> ${note}`, '')
    out.push(`![${name}](${name}.svg)`, '')
  }
  if (doc.cold?.length > 0) {
    out.push(
      '## cold start',
      '',
      `${coldMethod(config.cold.reps)} \`npm run bench:cold\` runs more repetitions.`,
      '',
      ...renderColdTable(doc.cold),
      ''
    )
  }
  return out.join('\n')
}

/** The cold-start table, Markdown lines; (×) is a row ÷ its vanilla, +ms the difference, same Node and app. */
export function renderColdTable(rows) {
  const baseOf = (row) =>
    row.base === null
      ? undefined
      : rows.find((r) => r.node === row.node && r.size === row.size && r.variant === row.base)
  const ratio = (row, key) => {
    const base = baseOf(row)
    return base === undefined ? '' : ` (${(row[key] / base[key]).toFixed(2)}×)`
  }
  const added = (row, key) => {
    const base = baseOf(row)
    if (base === undefined) return ''
    const d = row[key] - base[key]
    return ` (${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(1)})`
  }
  const app = (size) => (typeof size === 'number' ? `${size} routes` : size)
  return [
    '| node | app | variant | listening ms | first response ms | start-up ms | first request ms | first 100 ms | server CPU ms |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (row) =>
        `| ${row.node} | ${app(row.size)} | ${row.variant} | ${row.listenMs.toFixed(1)}${added(row, 'listenMs')} | ` +
        `${row.firstResponseMs.toFixed(1)}${added(row, 'firstResponseMs')} | ${row.startupMs.toFixed(1)}${added(row, 'startupMs')} | ` +
        `${row.firstMs.toFixed(2)}${ratio(row, 'firstMs')} | ${row.first100Ms.toFixed(1)}${ratio(row, 'first100Ms')} | ` +
        `${row.cpu100Ms.toFixed(0)}${ratio(row, 'cpu100Ms')} |`
    )
  ]
}

/** What the columns mean, for a report. */
export function coldMethod(reps) {
  return `A fresh server process per measurement, ${reps} per variant and app, interleaved; medians. Listening: from spawning the process to \`listening\`; first response: from spawning to the end of the first response (both on the runner's clock, so they include Node's own start). Start-up: the server script's first line to \`listening\`. First request: its latency from the client, sent right after listening. First 100: 100 sequential requests on one keep-alive connection (the realistic app: the first 100 of its mix). Server CPU: user+system from process start through those 100. (+ms) this variant − its vanilla; (×) this variant ÷ its vanilla.`
}
