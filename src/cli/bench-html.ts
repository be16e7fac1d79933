/**
 * `pulya bench`'s HTML report: one self-contained file (inline CSS and SVG, no script, no
 * external resource) with the results table and three charts: per-workload speed-up with its
 * min–max whisker, latency p50/p99, and server CPU per request.
 */
import {
  TABLE_HEADER,
  gateLines,
  methodText,
  serverRows,
  speedText,
  tableRows,
  type BenchDoc,
  type WorkloadSummary
} from './bench-report.js'
import { SERVER_TABLE_HEADER, SERVER_TITLE, checkText, serverIntro, servingLines } from './bench-serving.js'
import { bars, escapeXml, num, type Bar } from './chart.js'

const ROW = 20
const LABEL_W = 260
const PANEL_W = 300
const GAP = 90
const VANILLA = '#9a9a9a'
const PULYA = '#3b6fb6'

/** The name as a chart label, cut to fit. */
function label(name: string): string {
  return name.length > 38 ? `${name.slice(0, 37)}…` : name
}

function svg(width: number, height: number, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif">`,
    '<style>.h{font-size:13px;font-weight:bold}.l{font-size:12px}.v{font-size:11px;fill:#333}</style>',
    ...body,
    '</svg>'
  ].join('\n')
}

function labels(names: readonly string[], top: number, rowsEach: number): string[] {
  return names.map(
    (name, i) =>
      `<text x="${LABEL_W - 8}" y="${top + i * rowsEach * ROW + ROW - 6}" class="l" text-anchor="end">${escapeXml(label(name))}</text>`
  )
}

function legend(y: number): string {
  return (
    `<rect x="${LABEL_W}" y="${y}" width="12" height="12" fill="${VANILLA}"/><text x="${LABEL_W + 17}" y="${y + 10}" class="l">vanilla</text>` +
    `<rect x="${LABEL_W + 90}" y="${y}" width="12" height="12" fill="${PULYA}"/><text x="${LABEL_W + 107}" y="${y + 10}" class="l">pulya</text>`
  )
}

/** Speed-up per workload: the median bar, the min–max whisker, a dashed line at 1×. */
export function speedupChart(workloads: readonly WorkloadSummary[]): string {
  const top = 28
  const rows: Bar[] = workloads.map((w) => ({
    value: w.speedup?.median ?? null,
    color: (w.speedup?.median ?? 1) >= 1 ? '#4a9a5b' : '#c0392b',
    text: speedText(w.speedup),
    whisker: w.speedup
  }))
  return svg(LABEL_W + PANEL_W + 220, top + workloads.length * ROW + 12, [
    `<text x="${LABEL_W}" y="18" class="h">speed-up: pulya ÷ vanilla req/s, median and min–max of rounds</text>`,
    ...labels(
      workloads.map((w) => w.name),
      top,
      1
    ),
    bars(rows, { x: LABEL_W, top, width: PANEL_W, rowHeight: ROW, reference: 1 })
  ])
}

/** Two bars (vanilla, pulya) per workload in each panel. */
function pairedPanels(
  workloads: readonly WorkloadSummary[],
  panels: ReadonlyArray<{
    title: string
    value: (s: WorkloadSummary['vanilla']) => number | null
    digits: number
  }>
): string {
  const top = 28
  const height = top + workloads.length * 2 * ROW + 34
  const body = [
    ...labels(
      workloads.map((w) => w.name),
      top,
      2
    )
  ]
  panels.forEach((panel, i) => {
    const x = LABEL_W + i * (PANEL_W + GAP)
    const rows = workloads.flatMap((w) =>
      [w.vanilla, w.pulya].map((side, j) => ({
        value: panel.value(side),
        color: j === 0 ? VANILLA : PULYA,
        text: num(panel.value(side), panel.digits)
      }))
    )
    body.push(
      `<text x="${x}" y="18" class="h">${escapeXml(panel.title)}</text>`,
      bars(rows, { x, top, width: PANEL_W - 60, rowHeight: ROW })
    )
  })
  body.push(legend(height - 22))
  return svg(LABEL_W + panels.length * (PANEL_W + GAP), height, body)
}

/** Latency p50 and p99 per workload, vanilla and pulya. */
export function latencyChart(workloads: readonly WorkloadSummary[]): string {
  return pairedPanels(workloads, [
    { title: 'latency p50, ms (lower is better)', value: (s) => s.p50Ms, digits: 2 },
    { title: 'latency p99, ms (lower is better)', value: (s) => s.p99Ms, digits: 2 }
  ])
}

/** Server CPU per request per workload, vanilla and pulya. */
export function cpuChart(workloads: readonly WorkloadSummary[]): string {
  return pairedPanels(workloads, [
    { title: 'server CPU µs per request (lower is better)', value: (s) => s.cpuUsPerReq, digits: 1 }
  ])
}

/** In handler mode, what pulya's own server adds, and the line of code that gives it. */
function serverSection(doc: BenchDoc): string {
  const rows = serverRows(doc.workloads)
  const code = doc.meta.serving?.pulyaServerCode
  if (rows.length === 0 || code == null) return ''
  const [why, change] = serverIntro(code)
  const cell = (tag: string, text: string): string => `<${tag}>${escapeXml(text)}</${tag}>`
  return [
    `<h2>${escapeXml(SERVER_TITLE)}</h2>`,
    `<p>${escapeXml(why)}</p>`,
    `<pre>${escapeXml(change)}</pre>`,
    `<table><thead><tr>${SERVER_TABLE_HEADER.map((h) => cell('th', h)).join('')}</tr></thead><tbody>`,
    ...rows.map((cells) => `<tr>${cells.map((c) => cell('td', c)).join('')}</tr>`),
    '</tbody></table>'
  ].join('\n')
}

/** The whole HTML report. */
export function renderHtml(doc: BenchDoc): string {
  const { meta } = doc
  const cell = (tag: string, text: string): string => `<${tag}>${escapeXml(text)}</${tag}>`
  const notes = doc.workloads.flatMap((w) => w.notes.map((n) => `<li>${escapeXml(`${w.name}: ${n}`)}</li>`))
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeXml(`pulya bench: ${meta.app}`)}</title>`,
    '<style>body{font-family:DejaVu Sans,Arial,sans-serif;margin:24px;color:#222;max-width:1200px}table{border-collapse:collapse;font-size:13px}' +
      'th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}th{background:#f3f3f3}' +
      '.meta{font-size:13px;color:#444}.bad{color:#c0392b;font-weight:bold}svg{display:block;margin:16px 0}</style>',
    '</head><body>',
    `<h1>${escapeXml(`pulya bench: ${meta.app}`)}</h1>`,
    '<ul class="meta">',
    `<li>${escapeXml(`${meta.startedAt}, took ${num(meta.elapsedS, 0)} s; Node ${meta.node} on ${meta.platform}, ${meta.cpuModel}, ${meta.cpus} CPUs; pulya ${meta.pulyaVersion}`)}` +
      `${meta.pulyaOptions === null ? '' : escapeXml(` with options ${JSON.stringify(meta.pulyaOptions)}`)}</li>`,
    `<li>${escapeXml(`Routes: ${meta.routes} GET routes found, ${meta.mixRoutes} in the mix.`)}</li>`,
    ...[
      checkText(meta.check),
      ...(meta.check?.warnings ?? []),
      ...servingLines(meta.serving),
      methodText(meta)
    ].map((l) => `<li>${escapeXml(l)}</li>`),
    '</ul>',
    `<table><thead><tr>${TABLE_HEADER.map((h) => cell('th', h)).join('')}</tr></thead><tbody>`,
    ...tableRows(doc.workloads).map((cells) => `<tr>${cells.map((c) => cell('td', c)).join('')}</tr>`),
    '</tbody></table>',
    notes.length > 0 ? `<ul>${notes.join('')}</ul>` : '',
    doc.gate === null
      ? ''
      : `<ul>${gateLines(doc.gate)
          .map((l) => `<li${l.startsWith('REGRESSION') ? ' class="bad"' : ''}>${escapeXml(l)}</li>`)
          .join('')}</ul>`,
    serverSection(doc),
    speedupChart(doc.workloads),
    latencyChart(doc.workloads),
    cpuChart(doc.workloads),
    '</body></html>',
    ''
  ].join('\n')
}
