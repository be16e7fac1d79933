/**
 * What every request of a run carries besides its own parts: one Host for every process, and
 * the `--header`s. The app processes listen on different ports, so without one Host an answer
 * built from it (a `Link` or `Location` header, an absolute URL in a body) would differ by
 * port between any two processes and never be compared.
 */

/** The Host of every request that neither its sample nor the HAR gives one. */
export const DEFAULT_HOST = '127.0.0.1:3000'

/**
 * `--header 'Authorization: Bearer abc'` → `['authorization', 'Bearer abc']`.
 * @throws Error saying what a header looks like
 */
export function parseHeader(text: string): [string, string] {
  const colon = text.indexOf(':')
  const name = text.slice(0, colon).trim().toLowerCase()
  if (colon <= 0 || !/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name))
    throw new Error(`--header takes 'Name: value', e.g. --header 'Authorization: Bearer abc', got "${text}"`)
  return [name, text.slice(colon + 1).trim()]
}

/**
 * A request's headers as sent: its own, each `--header` in place of one of the same name
 * (names compared case-insensitively), and `host` DEFAULT_HOST when neither gives one.
 * @example runHeaders({ Accept: 'text/html' }, { authorization: 'Bearer abc' }) // { Accept: 'text/html', authorization: 'Bearer abc', host: '127.0.0.1:3000' }
 */
export function runHeaders(
  own: Readonly<Record<string, string>>,
  given: Readonly<Record<string, string>>
): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(own))
    if (!Object.hasOwn(given, name.toLowerCase())) headers[name] = value
  Object.assign(headers, given)
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'host')) headers['host'] = DEFAULT_HOST
  return headers
}
