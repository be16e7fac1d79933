/**
 * `check`'s run: every request (targets, HEAD probes, unknown paths) to three in-process
 * servers in step, pulya's answer between the two vanilla ones.
 */
import type { RequestListener } from 'node:http'
import { afterAll, describe, expect, it } from 'vitest'
import { UNKNOWN_PATHS, checkRequests, runCheck } from '../../src/cli/check-run.js'
import { target } from '../helpers/cli-target.js'
import { echo, listen } from './_servers.js'

describe('checkRequests', () => {
  it('the targets, a HEAD per GET template, then the unknown paths', () => {
    expect(
      checkRequests([target('/a', '/a'), target('/b', '/b', { method: 'POST', body: '{}' })]).map(
        (t) => `${t.method} ${t.path} ${t.template}`
      )
    ).toEqual([
      'GET /a /a',
      'POST /b /b',
      'HEAD /a /a',
      ...UNKNOWN_PATHS.map((path) => `GET ${path} unknown path`)
    ])
  })
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
  const vanilla = await listen(logged('vanilla', echo))
  const vanillaAgain = await listen(logged('vanillaAgain', echo))
  const pulya = await listen(
    logged('pulya', (req, res) => {
      if (req.url === '/differs') res.setHeader('x-extra', '1')
      echo(req, res)
    })
  )
  // Answers that only move with time: the same in both vanilla processes only by chance.
  const counting = await listen((_req, res) => {
    res.end(String(count++))
  })
  afterAll(() => {
    for (const side of [vanilla, vanillaAgain, pulya, counting]) side.server.close()
  })

  it('sends each request to vanilla, pulya, then vanilla again, and judges it; progress before each and at the end', async () => {
    const progress: string[] = []
    const results = await runCheck(
      { vanilla: vanilla.port, vanillaAgain: vanillaAgain.port, pulya: pulya.port },
      [target('/same', '/same'), target('/differs', '/differs', { method: 'POST' })],
      [],
      (done, total, label) => progress.push(`${done}/${total} ${label}`)
    )
    expect(results.map((r) => `${r.verdict} ${r.method} ${r.path}`)).toEqual([
      'same GET /same',
      'differs POST /differs',
      'same HEAD /same',
      ...UNKNOWN_PATHS.map((path) => `same GET ${path}`)
    ])
    expect(order.slice(0, 3)).toEqual(['vanilla GET /same', 'pulya GET /same', 'vanillaAgain GET /same'])
    expect(progress[0]).toBe('0/5 check · GET /same')
    expect(progress.at(-1)).toBe('5/5 check done')
  })

  it('ignores the headers it is told to', async () => {
    const [result] = await runCheck(
      { vanilla: vanilla.port, vanillaAgain: vanillaAgain.port, pulya: pulya.port },
      [target('/differs', '/differs')],
      ['x-extra'],
      () => undefined
    )
    expect(result?.verdict).toBe('same')
  })

  it('two vanilla answers that differ are nondeterministic, not a difference', async () => {
    const [result] = await runCheck(
      { vanilla: counting.port, vanillaAgain: counting.port, pulya: counting.port },
      [target('/n', '/n')],
      [],
      () => undefined
    )
    expect(result?.verdict).toBe('nondeterministic')
  })
})
