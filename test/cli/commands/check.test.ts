/**
 * `pulya check` over stand-in app processes: three started, the requests compared with one
 * Host and the --header's, statuses tallied, exit 0 or 1; a request that crashes a process
 * ends the command with the results before it and an AppFailure.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppFailure } from '../../../src/cli/app-failure.js'
import { UsageError, parseArgs } from '../../../src/cli/args.js'
import type { CheckDoc } from '../../../src/cli/check-report.js'
import { checkCommand } from '../../../src/cli/commands/check.js'
import { ownVersion } from '../../../src/cli/own-version.js'
import type { RouteInfo } from '../../../src/cli/routes.js'
import { fakeLauncher, stopAll, testContext } from '../_context.js'
import { EXPLANATION } from '../_explanations.js'
import { echo } from '../_servers.js'

const routes: RouteInfo[] = [{ methods: ['GET'], path: '/a/:id', exact: true }]
const dir = mkdtempSync(join(tmpdir(), 'pulya-check-'))

describe('checkCommand', () => {
  it('twice vanilla and once pulya; every answer the same: exit 0, a line per request with its status, the tallies', async () => {
    const launcher = fakeLauncher(routes)
    const context = testContext(launcher)
    expect(await checkCommand(parseArgs(['check', 'app.js']), context)).toBe(0)
    expect(launcher.log.apps.map((a) => a.mode)).toEqual(['vanilla', 'vanilla', 'pulya'])
    expect(context.out()).toBe(
      [
        'same             200  GET /a/1  (/a/:id)',
        'same             200  HEAD /a/1  (/a/:id)',
        'same             200  GET /__pulya_check_unknown  (unknown path)',
        'same             200  GET /__pulya_check_unknown/deeper?x=1  (unknown path)',
        '4 requests: 4 same, 0 differ, 0 nondeterministic (the two vanilla processes answered differently; not compared)',
        'statuses: 2xx 4, 3xx 0, 4xx 0, 5xx 0',
        'served as http.createServer(app) (handler mode): the module exports the app without serving it; pass --serve listen if your server is app.listen()',
        "Host: the sample's or the HAR's, else 127.0.0.1:3000, the same in every process (--header 'Host: …' sets one)",
        `pulya ${ownVersion()}`,
        ''
      ].join('\n')
    )
    expect(context.err()).toBe('')
    stopAll(launcher)
  })

  it("pulya's answer differs: exit 1 and the difference; --json gives the document, --out its files", async () => {
    const launcher = fakeLauncher(routes, {
      pulya: (req, res) => {
        res.setHeader('x-pulya', '1')
        echo(req, res)
      }
    })
    const context = testContext(launcher)
    const out = join(dir, 'differs')
    expect(await checkCommand(parseArgs(['check', 'app.js', '--json', '--out', out]), context)).toBe(1)
    const doc = JSON.parse(context.out()) as CheckDoc
    expect(doc.results[0]).toMatchObject({
      verdict: 'differs',
      status: 200,
      diff: ['header x-pulya: (none) → "1"']
    })
    expect(doc).toMatchObject({
      app: 'app.js',
      failure: null,
      warnings: [],
      statuses: { classes: { '2xx': 4 } }
    })
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))).toEqual(doc)
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain(
      '| differs | 200 | GET | /a/1 | /a/:id | header x-pulya: (none) → "1" |'
    )
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<h1>pulya check: app.js</h1>')
    stopAll(launcher)
  })

  it('--samples are sent with the --headers, their Host named in the report; --ignore-header excuses a header', async () => {
    const samples = join(dir, 'samples.json')
    writeFileSync(samples, '{"/a/:id": {"params": {"id": "42"}}}')
    const seen: string[] = []
    const launcher = fakeLauncher(routes, {
      vanilla: (req, res) => {
        seen.push(`${req.headers.host ?? ''} ${req.headers.authorization ?? ''}`)
        echo(req, res)
      },
      pulya: (req, res) => {
        res.setHeader('x-pulya', '1')
        echo(req, res)
      }
    })
    const context = testContext(launcher)
    const args = parseArgs([
      'check',
      'app.js',
      '--samples',
      samples,
      '--ignore-header',
      'X-Pulya',
      '--header',
      'Authorization: Bearer t',
      '--header',
      'Host: api.example.com'
    ])
    expect(await checkCommand(args, context)).toBe(0)
    expect(context.out()).toContain('same             200  GET /a/42  (/a/:id)')
    expect(context.out()).toContain(
      '\nHost: api.example.com (--header), the same for every request in every process\n'
    )
    expect(new Set(seen)).toEqual(new Set(['api.example.com Bearer t']))
    stopAll(launcher)
  })

  it('most answers 401: a warning on stderr (and in the document) asking whether they reached the handlers', async () => {
    const denied = fakeLauncher(routes, {
      vanilla: (_req, res) => {
        res.statusCode = 401
        res.end()
      },
      pulya: (_req, res) => {
        res.statusCode = 401
        res.end()
      }
    })
    const context = testContext(denied)
    expect(await checkCommand(parseArgs(['check', 'app.js']), context)).toBe(0)
    expect(context.out()).toContain('statuses: 2xx 0, 3xx 0, 4xx 4 (401 ×4), 5xx 0\n')
    expect(context.err()).toBe(
      "pulya: 2 of 2 answers were 401/403/404/5xx (401 ×2): did the requests reach your handlers? An API behind a login needs --header 'Authorization: Bearer …'; routes whose ids must exist need --samples\n"
    )
    stopAll(denied)
  })

  it.each([
    [
      'vanilla',
      2,
      /^pulya: GET \/a\/1 crashed the vanilla app process \(it exited with code 1\): the app fails there without pulya/
    ],
    [
      'pulya',
      1,
      /^pulya: GET \/a\/1 crashed the pulya app process \(it exited with code 1\) where vanilla answered 200: a difference pulya makes/
    ]
  ] as const)(
    'a request that crashes the %s process: the results before it, then an AppFailure (exit %i) with its stderr',
    async (mode, code, message) => {
      const launcher = fakeLauncher(
        routes,
        {
          [mode]: (req: { socket: { destroy(): void } }) => {
            req.socket.destroy()
          }
        },
        { [mode]: { ended: () => 'exited with code 1', stderr: ['Error: boom'] } }
      )
      const context = testContext(launcher)
      const error = await checkCommand(parseArgs(['check', 'app.js']), context).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(AppFailure)
      expect([(error as AppFailure).exitCode, (error as AppFailure).details]).toEqual([
        code,
        [`the ${mode} app process, last lines on stderr:`, '  Error: boom']
      ])
      expect((error as Error).message).toMatch(message)
      expect(context.out()).toContain('0 requests: 0 same')
      stopAll(launcher)
    }
  )

  it('ends with what pulya does for the app, asked of the pulya process after the run', async () => {
    const launcher = fakeLauncher(routes, {}, { pulya: { kind: 'koa', explanation: EXPLANATION } })
    const context = testContext(launcher)
    expect(await checkCommand(parseArgs(['check', 'app.js']), context)).toBe(0)
    expect(context.out()).toContain(
      [
        'pulya accelerates 1 of 2 routers; left alone: @koa/router #2 (small); responses: 2 of 3 features on, off: respond (the end of every request) (unknown-source)',
        'server: Koa has no server classes: pulya works the same under app.listen() and http.createServer(app.callback())',
        'why and what would change it: pulya explain app.js',
        ''
      ].join('\n')
    )
    stopAll(launcher)
  })

  it('an explain that fails: a warning, the verdict as it is', async () => {
    const launcher = fakeLauncher(
      routes,
      {},
      { pulya: { explanation: new Error('explain failed in the pulya app process: x') } }
    )
    const context = testContext(launcher)
    expect(await checkCommand(parseArgs(['check', 'app.js']), context)).toBe(0)
    expect(context.err()).toBe(
      'pulya: explain failed in the pulya app process: x (the check itself is complete)\n'
    )
    stopAll(launcher)
  })

  it('a progress bar on a terminal', async () => {
    const launcher = fakeLauncher(routes)
    const context = testContext(launcher, { tty: true })
    await checkCommand(parseArgs(['check', 'app.js']), context)
    expect(context.err()).toContain('4/4 check done\n')
    stopAll(launcher)
  })

  it('a file that cannot be read stops the command before any app process starts', async () => {
    const launcher = fakeLauncher(routes)
    await expect(
      checkCommand(parseArgs(['check', 'app.js', '--har', 'nope.har']), testContext(launcher))
    ).rejects.toThrow(UsageError)
    expect(launcher.log.apps).toEqual([])
  })
})
