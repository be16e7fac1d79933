/** `check`'s HTTP client: one request to one app process on 127.0.0.1, its answer in full. */
import { request } from 'http'
import type { Answer } from './compare.js'
import type { CheckTarget } from './targets.js'

/** No answer: the connection failed or closed first, or the answer stalled past the timeout. */
export class NoAnswer extends Error {
  constructor(
    message: string,
    /** True when the process stayed silent past the timeout (it hangs), false when the socket failed. */
    readonly timedOut: boolean
  ) {
    super(message)
  }
}

/**
 * Sends `target` to 127.0.0.1:`port` on a connection of its own and resolves with the status,
 * headers and whole body.
 * @param timeoutMs - how long the connection may stay silent before the answer counts as never coming
 * @default timeoutMs 30000
 * @throws NoAnswer: the socket's error (the process is gone, say), or the timeout
 * @example await sendTo(3000, { template: '/', method: 'GET', path: '/', headers: {}, body: null, weight: 1 })
 */
export function sendTo(port: number, target: CheckTarget, timeoutMs = 30_000): Promise<Answer> {
  return new Promise((done, fail) => {
    const failed = (error: Error): void => {
      fail(error instanceof NoAnswer ? error : new NoAnswer(error.message, false))
    }
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: target.path,
        method: target.method,
        headers: target.headers,
        agent: false
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
        })
        res.on('error', failed)
      }
    )
    req.setTimeout(timeoutMs, () => {
      req.destroy(new NoAnswer(`no answer within ${timeoutMs / 1000} s`, true))
    })
    req.on('error', failed)
    req.end(target.body ?? undefined)
  })
}
