// One hand-made SVG per workload: two panels of horizontal bars, CPU µs/req (lower is
// better) and req/s (higher is better), one bar per variant and Node major. No chart library:
// the bars are src/cli/chart.ts's, shared with `pulya bench`'s HTML report.
import { bars as drawBars, escapeXml, num } from '../../dist/esm/cli/bench-kit.js'

const NODE_COLORS = ['#3b6fb6', '#e07b24', '#4a9a5b', '#9b59b6']
const ROW = 22
const LABEL_W = 170
const PANEL_W = 330
const GAP = 40
const TOP = 74

function panel(x, title, rows, value, digits, colorOf, prefixOf) {
  const bars = rows.map((r) => ({
    value: value(r),
    color: colorOf(r),
    text: `${prefixOf(r)}${num(value(r), digits)}`
  }))
  return [
    `<text x="${x}" y="${TOP - 12}" class="h">${escapeXml(title)}</text>`,
    drawBars(bars, { x, top: TOP, width: PANEL_W - 70, rowHeight: ROW })
  ].join('\n')
}

/**
 * Renders one workload's chart.
 * @param {string} workload the workload name
 * @param {Array<object>} contestants contestant summaries (see session.mjs)
 * @param {string} subtitle e.g. date, machine and method
 */
export function renderSvg(workload, contestants, subtitle) {
  const majors = [...new Set(contestants.map((c) => c.nodeMajor))]
  const colorOf = (c) => NODE_COLORS[majors.indexOf(c.nodeMajor) % NODE_COLORS.length]
  const rows = contestants
  const height = TOP + rows.length * ROW + 40
  const width = LABEL_W + 2 * PANEL_W + GAP + 20
  const labels = rows.map((r, i) => {
    const y = TOP + i * ROW + ROW - 8
    return `<text x="${LABEL_W - 8}" y="${y}" class="l" text-anchor="end">${escapeXml(`${r.variant} · node ${r.nodeMajor}`)}</text>`
  })
  const legend = majors.map(
    (m, i) =>
      `<rect x="${LABEL_W + i * 110}" y="${height - 24}" width="12" height="12" fill="${NODE_COLORS[i % NODE_COLORS.length]}"/>` +
      `<text x="${LABEL_W + i * 110 + 17}" y="${height - 14}" class="l">Node ${m}</text>`
  )
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif">`,
    '<style>.t{font-size:16px;font-weight:bold}.s{font-size:11px;fill:#555}.h{font-size:13px;font-weight:bold}.l{font-size:12px}.v{font-size:11px;fill:#333}</style>',
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="12" y="22" class="t">${escapeXml(`${workload}: median per variant`)}</text>`,
    `<text x="12" y="40" class="s">${escapeXml(subtitle)}</text>`,
    ...labels,
    panel(
      LABEL_W,
      'CPU µs per request (lower is better)',
      rows,
      (r) => r.median.cpuUsPerReq,
      1,
      colorOf,
      () => ''
    ),
    panel(
      LABEL_W + PANEL_W + GAP,
      'requests per second (higher is better)',
      rows,
      (r) => r.median.rps,
      0,
      colorOf,
      (r) => (r.loaderBound ? '≥' : '')
    ),
    ...legend,
    '</svg>',
    ''
  ].join('\n')
}
