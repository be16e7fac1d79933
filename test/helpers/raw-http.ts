/**
 * One request over a keep-alive agent to a test server on 127.0.0.1, and its answer as the
 * bad-input tests compare it: status, headers without the ones that vary per exchange, body.
 * @module
 */
import { Agent, request as httpRequest, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Answer {
  status: number
  headers: Record<string, unknown>
  body: string
}

export const agent = new Agent({ keepAlive: true, maxSockets: 16 })

/** Reads a whole response into an {@link Answer}; `date`, `connection` and `keep-alive` are left out of the headers. */
export function read(res: IncomingMessage, done: (answer: Answer) => void): void {
  const chunks: Buffer[] = []
  res.on('data', (chunk: Buffer) => chunks.push(chunk))
  res.on('end', () => {
    const headers: Record<string, unknown> = { ...res.headers }
    delete headers['date']
    delete headers['connection']
    delete headers['keep-alive']
    done({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('latin1') })
  })
}

/** Sends `method path` to `server`; `date`, `connection` and `keep-alive` are left out of the headers. */
export function send(server: Server, method: string, path: string): Promise<Answer> {
  const { port } = server.address() as AddressInfo
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, agent }, (res) => {
      read(res, resolve)
    })
    req.on('error', reject)
    req.end()
  })
}
