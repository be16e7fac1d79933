/**
 * `check`'s run: every request (targets, HEAD probes, unknown paths) to in-process servers in
 * step, pulya's answer between the two vanilla ones; a request that crashes or hangs a process
 * stops the run naming it, a connection closed on purpose is an answer.
 */
import type { RequestListener } from 'node:http'
import { afterAll, describe, expect, it } from 'vitest'
import {
  RequestFailure,
  UNKNOWN_PATHS,
  checkRequests,
  runCheck,
  type CheckOptions,
  type CheckSide
} from '../../src/cli/check-run.js'
import { DEFAULT_HOST } from '../../src/cli/request-defaults.js'
import { target } from '../helpers/cli-target.js'
import { echo, listen } from './_servers.js'

describe('checkRequests', () => {
  it('the targets, a HEAD per GET template, then the unknown paths with the run headers', () => {
    const requests = checkRequests([target('/a', '/a'), target('/b', '/b', { method: 'POST', body: '{}' })], {
      authorization: 'Bearer t'
    })
    expect(requests.map((t) => `${t.method} ${t.path} ${t.template}`)).toEqual([
      'GET /a /a',
      'POST /b /b',
      'HEAD /a /a',
      ...UNKNOWN_PATHS.map((path) => `GET ${path} unknown path`)
    ])
    expect(requests.at(-1)?.headers).toEqual({ authorization: 'Bearer t', host: DEFAULT_HOST })
  })
})

const options = (over: Partial<CheckOptions> = {}): CheckOptions => ({
  ignore: [],
  headers: {},
  timeoutMs: 5_000,
  progress: () => undefined,
  ...over
})

describe('runCheck', async () => {
  const order: string[] = []
  const logged =
    (name: string, handler: RequestListener): RequestListener =>
    (req, res) => {
      order.push(`${name} ${req.method ?? ''} ${req.url ?? ''}`)
      handler(req, res)
    }
  let count = 0
  const servers = {
    vanilla: await listen(logged('vanilla', echo)),
    vanillaAgain: await listen(logged('vanillaAgain', echo)),
    pulya: await listen(
      logged('pulya', (req, res) => {
        if (req.url === '/differs') res.setHeader('x-extra', '1')
        echo(req, res)
      })
    ),
    // Answers that only move with time: the same in both vanilla processes only by chance.
    counting: await listen((_req, res) => {
      res.end(String(count++))
    }),
    // Closes the connection without an answer but on /ok, as an app may on purpose (or by crashing).
    closing: await listen((req, res) => {
      if (req.url === '/ok') echo(req, res)
      else req.socket.destroy()
    }),
    // Never answers but on /ok.
    silent: await listen((req, res) => {
      if (req.url === '/ok') echo(req, res)
    })
  }
  afterAll(() => {
    for (const { server } of Object.values(servers)) server.closeAllConnections()
    for (const { server } of Object.values(servers)) server.close()
  })
  const side = (name: keyof typeof servers, ended: string | null = null): CheckSide => ({
    label: `the ${name} app process`,
    port: servers[name].port,
    ended: () => Promise.resolve(ended)
  })
  const three = { vanilla: side('vanilla'), vanillaAgain: side('vanillaAgain'), pulya: side('pulya') }

  it('sends each request to vanilla, pulya, then vanilla again, and judges it; progress before each and at the end', async () => {
    const progress: string[] = []
    const results = await runCheck(
      three,
      [target('/same', '/same'), target('/differs', '/differs', { method: 'POST' })],
      options({ progress: (done, total, label) => progress.push(`${done}/${total} ${label}`) })
    )
    expect(results.map((r) => `${r.verdict} ${r.status} ${r.method} ${r.path}`)).toEqual([
      'same 200 GET /same',
      'differs 200 POST /differs',
      'same 200 HEAD /same',
      ...UNKNOWN_PATHS.map((path) => `same 200 GET ${path}`)
    ])
    expect(order.slice(0, 3)).toEqual(['vanilla GET /same', 'pulya GET /same', 'vanillaAgain GET /same'])
    expect(progress[0]).toBe('0/5 check · GET /same')
    expect(progress.at(-1)).toBe('5/5 check done')
  })

  it("pulya's own server is asked after pulya, before vanilla again, and judged too", async () => {
    order.length = 0
    const [result] = await runCheck(
      { ...three, pulyaServer: side('pulya') },
      [target('/differs', '/differs')],
      options()
    )
    expect(order.slice(0, 4)).toEqual([
      'vanilla GET /differs',
      'pulya GET /differs',
      'pulya GET /differs',
      'vanillaAgain GET /differs'
    ])
    expect(result?.diff).toEqual([
      'header x-extra: (none) → "1"',
      `with pulya's createServer: header x-extra: (none) → "1"`
    ])
  })

  it('ignores the headers it is told to', async () => {
    const [result] = await runCheck(three, [target('/differs', '/differs')], options({ ignore: ['x-extra'] }))
    expect(result?.verdict).toBe('same')
  })

  it('two vanilla answers that differ are nondeterministic, not a difference', async () => {
    const counting = side('counting')
    const [result] = await runCheck(
      { vanilla: counting, vanillaAgain: counting, pulya: counting },
      [target('/n', '/n')],
      options()
    )
    expect(result?.verdict).toBe('nondeterministic')
  })

  it('a connection closed by a process that is still up is an answer: status 0, compared', async () => {
    const closing = side('closing')
    const [result] = await runCheck(
      { vanilla: closing, vanillaAgain: closing, pulya: closing },
      [target('/c', '/c')],
      options()
    )
    expect(result).toMatchObject({ verdict: 'same', status: 0 })
  })

  it.each([
    [
      'a vanilla process that is gone',
      { vanilla: side('closing', 'exited with code 1') },
      'vanilla',
      'GET /boom crashed the closing app process (it exited with code 1)',
      null
    ],
    [
      'a pulya process that is gone',
      { pulya: side('closing', 'was killed by SIGABRT') },
      'pulya',
      'GET /boom crashed the closing app process (it was killed by SIGABRT)',
      200
    ],
    [
      'a process that hangs',
      { vanillaAgain: side('silent') },
      'vanillaAgain',
      'GET /boom got no answer from the silent app process within 0.2 s',
      200
    ]
  ] as const)(
    '%s stops the run: a RequestFailure naming the request and the process',
    async (_what, over, failed, message, status) => {
      const error = await runCheck(
        { ...three, ...over },
        [target('/ok', '/ok'), target('/boom', '/boom')],
        options({ timeoutMs: 200 })
      ).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(RequestFailure)
      const failure = error as RequestFailure
      expect([failure.message, failure.side, failure.target.path]).toEqual([message, failed, '/boom'])
      expect(failure.results.map((r) => r.path)).toEqual(['/ok'])
      expect(failure.vanillaAnswer?.status ?? null).toBe(status)
    }
  )
})
