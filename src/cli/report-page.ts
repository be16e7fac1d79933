/**
 * The files `--out` writes for routes, check and explain: one page model (a title, lines,
 * tables, preformatted blocks) rendered as Markdown (report.md) and as a self-contained HTML
 * page (report.html: inline CSS, no script, no external resource). bench has its own richer
 * report (bench-report.ts, bench-html.ts). Pure: tested in-process.
 */
import { escapeXml } from './chart.js'

/** One part of a page. */
export type Block =
  | { heading: string }
  | { lines: readonly string[] }
  | { table: { header: readonly string[]; rows: ReadonlyArray<readonly string[]> } }
  | { pre: string }

/** A page: its title and its blocks in order. */
export interface Page {
  title: string
  blocks: readonly Block[]
}

/** The page as Markdown. */
export function pageMarkdown(page: Page): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|')
  const out = [`# ${page.title}`, '']
  for (const block of page.blocks) {
    if ('heading' in block) out.push(`## ${block.heading}`, '')
    else if ('lines' in block) out.push(...block.lines.map((l) => `- ${l}`), '')
    else if ('pre' in block) out.push('```', block.pre.replace(/\n$/, ''), '```', '')
    else {
      const { header, rows } = block.table
      out.push(
        `| ${header.map(cell).join(' | ')} |`,
        `|${header.map(() => ' --- |').join('')}`,
        ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
        ''
      )
    }
  }
  return out.join('\n')
}

/** The page as one self-contained HTML file. */
export function pageHtml(page: Page): string {
  const cells = (tag: string, row: readonly string[]): string =>
    `<tr>${row.map((c) => `<${tag}>${escapeXml(c)}</${tag}>`).join('')}</tr>`
  const body = page.blocks.map((block) => {
    if ('heading' in block) return `<h2>${escapeXml(block.heading)}</h2>`
    if ('lines' in block) return `<ul>${block.lines.map((l) => `<li>${escapeXml(l)}</li>`).join('')}</ul>`
    if ('pre' in block) return `<pre>${escapeXml(block.pre)}</pre>`
    return `<table><thead>${cells('th', block.table.header)}</thead><tbody>${block.table.rows.map((r) => cells('td', r)).join('')}</tbody></table>`
  })
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeXml(page.title)}</title>`,
    '<style>body{font-family:DejaVu Sans,Arial,sans-serif;margin:24px;color:#222;max-width:1200px}table{border-collapse:collapse;font-size:13px}' +
      'th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f3f3f3}pre{font-size:12px;background:#f7f7f7;padding:8px}</style>',
    '</head><body>',
    `<h1>${escapeXml(page.title)}</h1>`,
    ...body,
    '</body></html>',
    ''
  ].join('\n')
}
