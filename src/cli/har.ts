/**
 * `--har`: the requests of a HAR file (HTTP Archive 1.2, as browsers, proxies and API tools
 * export it), each with its host, so spec-match.ts can tell the app's traffic from other hosts'
 * and weigh bench's mix like the traffic. Pure: tested in-process.
 */
import type { SpecRequest } from './openapi.js'
import { isRecord } from '../core/object-kinds.js'

/** One recorded request, with the host it went to and how many identical ones the file holds. */
export interface HarRequest extends SpecRequest {
  host: string
  weight: number
}

/**
 * Request headers never replayed as recorded: hop-by-hop ones (RFC 9110 §7.6.1), `host` (set
 * from the request's URL instead: HTTP/2 HARs record it only as `:authority`),
 * `content-length` (recomputed from the body) and HTTP/2 pseudo-headers (`:authority`,
 * `:path`, … in Chrome's HARs). Everything else — cookies, `authorization`, `if-none-match`,
 * `accept-encoding` — goes out as recorded, to every process alike.
 */
export const DROPPED_HEADERS: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length'
])

function readHeaders(raw: unknown): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const header of Array.isArray(raw) ? raw : []) {
    if (!isRecord(header) || typeof header['name'] !== 'string' || typeof header['value'] !== 'string')
      continue
    const name = header['name'].toLowerCase()
    if (name.startsWith(':') || DROPPED_HEADERS.has(name)) continue
    const seen = headers[name]
    headers[name] =
      seen === undefined ? header['value'] : `${seen}${name === 'cookie' ? '; ' : ', '}${header['value']}`
  }
  return headers
}

function readBody(postData: unknown, headers: Record<string, string>): string | null {
  if (!isRecord(postData)) return null
  let body: string | null = null
  if (typeof postData['text'] === 'string') body = postData['text']
  else if (Array.isArray(postData['params'])) {
    const form = new URLSearchParams()
    for (const p of postData['params'])
      if (isRecord(p) && typeof p['name'] === 'string')
        form.append(p['name'], typeof p['value'] === 'string' ? p['value'] : '')
    body = form.toString()
  }
  if (
    body !== null &&
    headers['content-type'] === undefined &&
    typeof postData['mimeType'] === 'string' &&
    postData['mimeType'] !== ''
  )
    headers['content-type'] = postData['mimeType']
  return body
}

/**
 * The HTTP(S) requests of a HAR document, identical ones merged (their count in `weight`), in
 * the order they first appear; `skipped` counts entries that are not HTTP(S) (data:, ws:, …)
 * or use CONNECT. @throws Error, one line, for what is not a HAR
 */
export function harRequests(value: unknown): { requests: HarRequest[]; skipped: number } {
  const entries = isRecord(value) && isRecord(value['log']) ? value['log']['entries'] : undefined
  if (!Array.isArray(entries)) throw new Error('not a HAR file (no log.entries array)')
  const byKey = new Map<string, HarRequest>()
  let skipped = 0
  for (const entry of entries) {
    const request = isRecord(entry) ? entry['request'] : undefined
    if (!isRecord(request) || typeof request['url'] !== 'string' || typeof request['method'] !== 'string') {
      skipped++
      continue
    }
    let url: URL
    try {
      url = new URL(request['url'])
    } catch {
      skipped++
      continue
    }
    const method = request['method'].toUpperCase()
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || method === 'CONNECT') {
      skipped++
      continue
    }
    // The recorded host, so what the app builds from Host (a Location, a Link) is what it was.
    const headers = { ...readHeaders(request['headers']), host: url.host }
    const body = readBody(request['postData'], headers)
    const path = url.pathname + url.search
    const key = JSON.stringify([url.host, method, path, headers, body])
    const seen = byKey.get(key)
    if (seen !== undefined) seen.weight++
    else
      byKey.set(key, {
        host: url.host,
        method,
        path,
        headers,
        body,
        origin: `${method} ${url.host}${path}`,
        weight: 1
      })
  }
  return { requests: [...byKey.values()], skipped }
}
