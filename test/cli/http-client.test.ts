/** `check`'s HTTP client: the whole answer of one request, and the error of a process that is gone. */
import { afterAll, describe, expect, it } from 'vitest'
import { NoAnswer, sendTo } from '../../src/cli/http-client.js'
import { target } from '../helpers/cli-target.js'
import { listen } from './_servers.js'

describe('sendTo', async () => {
  const { server, port } = await listen((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      res.writeHead(201, { 'x-method': req.method ?? '', 'x-type': req.headers['content-type'] ?? '' })
      res.write(`${req.url ?? ''} `)
      res.end(Buffer.concat(chunks))
    })
  })
  afterAll(() => {
    server.close()
  })

  it('sends method, path, headers and body; resolves with status, headers and the whole body', async () => {
    const answer = await sendTo(
      port,
      target('/items', '/items?x=1', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'hello'
      })
    )
    expect(answer.status).toBe(201)
    expect(answer.headers).toMatchObject({ 'x-method': 'POST', 'x-type': 'text/plain' })
    expect(answer.body.toString()).toBe('/items?x=1 hello')
  })

  it('sends no body for a request without one', async () => {
    expect((await sendTo(port, target('/', '/'))).body.toString()).toBe('/ ')
  })

  it("rejects with the socket's error when nothing listens: NoAnswer, not timed out", async () => {
    const gone = await listen(() => undefined)
    await new Promise((done) => gone.server.close(done))
    const error = await sendTo(gone.port, target('/', '/')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NoAnswer)
    expect([(error as NoAnswer).message, (error as NoAnswer).timedOut]).toEqual([
      expect.stringMatching(/ECONNREFUSED/) as string,
      false
    ])
  })

  it('rejects when the answer stalls past the timeout: NoAnswer, timed out', async () => {
    const silent = await listen(() => undefined)
    const error = await sendTo(silent.port, target('/', '/'), 100).catch((e: unknown) => e)
    silent.server.closeAllConnections()
    silent.server.close()
    expect([(error as NoAnswer).message, (error as NoAnswer).timedOut]).toEqual([
      'no answer within 0.1 s',
      true
    ])
  })

  it('rejects when the answer breaks off in the body', async () => {
    const broken = await listen((_req, res) => {
      res.writeHead(200, { 'content-length': '100' })
      res.write('part', () => res.destroy())
    })
    await expect(sendTo(broken.port, target('/', '/'))).rejects.toThrow(NoAnswer)
    broken.server.close()
  })
})
