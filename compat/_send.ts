/**
 * Sends one raw request with `node:http` (not supertest: the path, method and headers go
 * out exactly as written, `/%ZZ` and `//a` included) and records everything observable.
 * @module
 */
import { format } from 'node:util'
import { request as httpRequest, type Agent, type OutgoingHttpHeaders } from 'node:http'

/** One request, sent byte for byte to both variants. */
export interface DiffRequest {
  /** Any method Node's client accepts; Node's server answers methods it does not know with 400. */
  readonly method: string
  /** The raw request target: `/a?b=1`, `/%ZZ`, `//a`, `*`, or absolute-form `http://h/a`. */
  readonly path: string
  /** Extra headers. `Host` defaults to `differential.test` so both variants see the same one. */
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string | Buffer
  /** Adds `If-None-Match` with the ETag vanilla returned for the previous request. */
  readonly ifNoneMatchPrevious?: boolean
}

/** Everything one variant produced for one request. */
export interface Observed {
  /** -1 when no response head arrived. */
  readonly status: number
  readonly statusMessage: string
  /** `res.rawHeaders`: names as sent, in order, values unjoined. */
  readonly rawHeaders: readonly string[]
  readonly body: Buffer
  /** `null`, or why the exchange did not complete: `TIMEOUT`, `ECONNRESET`, `aborted`… */
  readonly error: string | null
  /** What the app wrote with `console.error`/`console.warn` while handling the request. */
  readonly logs: readonly string[]
  readonly etag: string | null
}

const DEFAULT_HOST = 'differential.test'

type Log = (...args: unknown[]) => void

function captureLogs(into: string[]): () => void {
  // finalhandler logs errors with console.error unless env is 'test'; what is logged
  // is observable too, so it is part of the comparison.
  const error = console.error.bind(console) as Log
  const warn = console.warn.bind(console) as Log
  // Strings as they are; other values as console.error prints them (util.format, which also
  // handles objects without a prototype).
  const record: Log = (...args) => {
    into.push(
      args
        .map((a) =>
          a instanceof Error ? (a.stack ?? a.message) : typeof a === 'string' ? a : format('%o', a)
        )
        .join(' ')
    )
  }
  console.error = record
  console.warn = record
  return () => {
    console.error = error
    console.warn = warn
  }
}

/**
 * Sends `req` to 127.0.0.1:`port` on a fresh connection and waits for the whole response.
 *
 * @param port - the server's port
 * @param req - the request
 * @param extraHeaders - headers added by the runner (e.g. a conditional `If-None-Match`)
 * @param timeoutMs - after this, the exchange is recorded as `TIMEOUT`
 * @param logs - record what the app logs meanwhile; off when exchanges overlap (console is global)
 * @param agent - `false`: a fresh connection; or a keep-alive agent, for floods
 * @example
 * const seen = await sendRaw(port, { method: 'GET', path: '/%ZZ' }, null, 5000)
 */
export async function sendRaw(
  port: number,
  req: DiffRequest,
  extraHeaders: Readonly<Record<string, string>> | null,
  timeoutMs: number,
  logs = true,
  agent: Agent | false = false
): Promise<Observed> {
  const logged: string[] = []
  const stopCapture = logs ? captureLogs(logged) : null
  const headers: OutgoingHttpHeaders = { host: DEFAULT_HOST, ...req.headers, ...extraHeaders }
  let status = -1
  let statusMessage = ''
  let rawHeaders: readonly string[] = []
  let etag: string | null = null
  const chunks: Buffer[] = []
  const error = await new Promise<string | null>((resolve) => {
    // By default a fresh connection per request (`agent: false`): no socket reuse, so
    // `Connection` and `Keep-Alive` are deterministic and are compared like any other header.
    const outgoing = httpRequest(
      { host: '127.0.0.1', port, method: req.method, path: req.path, headers, agent },
      (res) => {
        status = res.statusCode ?? -1
        statusMessage = res.statusMessage ?? ''
        rawHeaders = res.rawHeaders
        const tag = res.headers.etag
        etag = typeof tag === 'string' ? tag : null
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk)
        })
        res.on('end', () => {
          resolve(null)
        })
        res.on('aborted', () => {
          resolve('aborted')
        })
        res.on('error', (err: NodeJS.ErrnoException) => {
          resolve(err.code ?? err.message)
        })
      }
    )
    outgoing.setTimeout(timeoutMs, () => {
      resolve('TIMEOUT')
      outgoing.destroy()
    })
    outgoing.on('error', (err: NodeJS.ErrnoException) => {
      resolve(err.code ?? err.message)
    })
    outgoing.end(req.body)
  })
  // Errors raised after the response was sent are logged a moment later.
  await new Promise((resolve) => setImmediate(resolve))
  stopCapture?.()
  return { status, statusMessage, rawHeaders, body: Buffer.concat(chunks), error, logs: logged, etag }
}
