/**
 * Number formatting and hand-made SVG bar charts (no chart library), shared by `pulya bench`'s
 * reports and the repo's bench/lib/report-md.mjs and report-svg.mjs.
 */

/**
 * `n` with thousands separators and exactly `digits` decimals; `–` when it is not a number.
 * @example num(12345.678, 1) // '12,345.7'
 */
export function num(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–'
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
}

/** Text made safe inside SVG/HTML elements and attribute values. */
export function escapeXml(text: unknown): string {
  return String(text).replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string
  )
}

/** One horizontal bar: its value, colour, the text after it, and an optional min–max whisker. */
export interface Bar {
  value: number | null
  color: string
  text: string
  whisker?: { min: number; max: number } | null
}

/** Where and how big the bars of one panel are drawn. */
export interface BarLayout {
  x: number
  top: number
  /** The width the longest bar (or whisker) gets. */
  width: number
  rowHeight: number
  /** A vertical reference line at this value (e.g. 1× for a speed-up). */
  reference?: number
}

/**
 * SVG elements for one panel of horizontal bars, one row per bar, scaled to the largest value.
 * @example bars([{ value: 2, color: '#3b6fb6', text: '2×' }], { x: 10, top: 20, width: 200, rowHeight: 22 })
 */
export function bars(rows: readonly Bar[], layout: BarLayout): string {
  const { x, top, width, rowHeight } = layout
  const values = rows
    .flatMap((r) => [r.value, r.whisker?.max ?? null])
    .filter((v): v is number => v !== null && Number.isFinite(v))
  const max = Math.max(...values, layout.reference ?? 0, 1e-9)
  const at = (v: number): number => x + (v / max) * width
  const parts: string[] = []
  rows.forEach((r, i) => {
    const y = top + i * rowHeight
    const w = r.value === null || !Number.isFinite(r.value) ? 0 : Math.max(1, at(r.value) - x)
    parts.push(
      `<rect x="${x}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowHeight - 7}" fill="${r.color}" rx="2"/>`
    )
    let end = x + w
    if (r.whisker) {
      const mid = (y + rowHeight / 2 - 0.5).toFixed(1)
      const [a, b] = [at(r.whisker.min).toFixed(1), at(r.whisker.max).toFixed(1)]
      parts.push(
        `<path d="M${a} ${mid}H${b}M${a} ${y + 6}V${y + rowHeight - 7}M${b} ${y + 6}V${y + rowHeight - 7}" stroke="#222" fill="none"/>`
      )
      end = Math.max(end, at(r.whisker.max))
    }
    parts.push(
      `<text x="${(end + 5).toFixed(1)}" y="${y + rowHeight - 8}" class="v">${escapeXml(r.text)}</text>`
    )
  })
  if (layout.reference !== undefined) {
    const rx = at(layout.reference).toFixed(1)
    parts.push(
      `<line x1="${rx}" y1="${top - 4}" x2="${rx}" y2="${top + rows.length * rowHeight}" stroke="#888" stroke-dasharray="3 3"/>`
    )
  }
  return parts.join('\n')
}
