/** `check`'s HTTP client: one request to one app process on 127.0.0.1, its answer in full. */
import { request } from 'http'
import type { Answer } from './compare.js'
import type { CheckTarget } from './targets.js'

/**
 * Sends `target` to 127.0.0.1:`port` on a connection of its own and resolves with the status,
 * headers and whole body. @throws the socket's error (the process is gone, say)
 * @example await sendTo(3000, { template: '/', method: 'GET', path: '/', headers: {}, body: null, weight: 1 })
 */
export function sendTo(port: number, target: CheckTarget): Promise<Answer> {
  return new Promise((done, fail) => {
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
        res.on('error', fail)
      }
    )
    req.on('error', fail)
    req.end(target.body ?? undefined)
  })
}
