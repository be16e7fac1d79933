/**
 * Many requests in flight at once against a test server on 127.0.0.1: the isolation tests'
 * client and schedule. Every request carries its own id (header `x-id`, query `n`) so the
 * server side can check it saw only its own state; some are aborted by the client part-way.
 * @module
 */
import { Agent, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mulberry32 } from '../../compat/mulberry32.js'
import type { Observed } from '../../compat/differential.js'

export interface StressRequest {
  readonly id: number
  readonly method: string
  readonly path: string
  /**
   * Destroy the request this many milliseconds after it is written to its socket (not counting
   * time in the agent's queue); the response is then not awaited. The server may or may not have
   * read it by then: count what the server started, not what the client sent.
   */
  readonly abortAfterMs?: number
}

/** What came back for one request, as the differential harness compares it, or `aborted` for the ones the client cut. */
export type StressAnswer = Observed | 'aborted'

/** One kind of request, given the request's path group: its method and path without the query's `n`. */
export type RequestKind = (group: number) => Pick<StressRequest, 'method' | 'path' | 'abortAfterMs'>

/**
 * Requests share paths: the id in a path is the request's id modulo GROUPS (the unique id rides
 * in the query as `n`), so cached routes, pages and ETags serve many requests at once.
 */
export const GROUPS = 37

/** `count` requests of randomly drawn kinds (seeded), ids from 1, each path ending in `n=<id>`. */
export function schedule(count: number, seed: number, kinds: readonly RequestKind[]): StressRequest[] {
  const next = mulberry32(seed)
  const requests: StressRequest[] = []
  for (let id = 1; id <= count; id++) {
    const kind = (kinds[Math.floor(next() * kinds.length)] as RequestKind)(id % GROUPS)
    requests.push({ ...kind, id, path: `${kind.path}${kind.path.includes('?') ? '&' : '?'}n=${id}` })
  }
  return requests
}

/** The id a handler should see in its path, for the request with header id `id`. */
export function groupOf(id: number): string {
  return String(id % GROUPS)
}

/** The server-side records every run must have alike: not the cut requests', which reach the server or not. */
export function settled(records: readonly string[], cut: string): string[] {
  return records.filter((r) => !r.startsWith(`${cut} `)).sort()
}

function one(agent: Agent, port: number, request: StressRequest): Promise<StressAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: request.method,
        path: request.path,
        agent,
        headers: { 'x-id': String(request.id) }
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? -1,
            statusMessage: res.statusMessage ?? '',
            rawHeaders: res.rawHeaders,
            body: Buffer.concat(chunks),
            error: null,
            logs: [],
            etag: null
          })
        })
        res.on('error', (err) => {
          if (request.abortAfterMs === undefined) reject(err)
        })
      }
    )
    if (request.abortAfterMs !== undefined) {
      const ms = request.abortAfterMs
      req.on('error', () => {
        resolve('aborted')
      })
      req.on('finish', () => {
        setTimeout(() => {
          req.destroy()
          resolve('aborted')
        }, ms)
      })
    } else {
      req.on('error', reject)
    }
    req.end()
  })
}

/**
 * Sends every request at once over `sockets` keep-alive connections (Node's agent queues the
 * rest), and gives the answers in request order.
 */
export async function stress(
  server: Server,
  requests: readonly StressRequest[],
  sockets: number
): Promise<StressAnswer[]> {
  const { port } = server.address() as AddressInfo
  const agent = new Agent({ keepAlive: true, maxSockets: sockets })
  try {
    return await Promise.all(requests.map((request) => one(agent, port, request)))
  } finally {
    agent.destroy()
  }
}
