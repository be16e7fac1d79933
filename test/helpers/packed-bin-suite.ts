/**
 * The `pulya` bin as a user gets it: the packed tarball installed in a fresh project (set up by
 * test/package.test.ts, which calls this suite so one tarball and one project serve every test),
 * run on the apps of test/fixtures/packed-bin/ — CommonJS, ESM and TypeScript through tsx — each
 * point of the command's promise end to end: its own version however it is reached, the app
 * served as its module serves it, one Host, statuses and the warning, --header, a crash named,
 * an app with nothing to check, bench's handler mode with pulya's own server, --json/--out and
 * the old spellings.
 * @module
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/** What a run of the bin gave. */
interface Run {
  code: number
  stdout: string
  stderr: string
}

/** `check --json`'s parts these tests read. */
interface CheckJson {
  results: Array<{ method: string; path: string; status: number; verdict: string }>
  serving: string
  warnings: string[]
}

/** The fixture apps, copied into the consumer project by test/package.test.ts. */
export const PACKED_BIN_FIXTURES = [
  'served.cjs',
  'listens.mjs',
  'crash.mjs',
  'empty.cjs',
  'nest-like.mjs',
  'auth.ts'
]

/**
 * The suite, run in `consumer()` (a project with pulya installed from the tarball, and express,
 * koa, tsx and autocannon linked) against the package's version `version()`.
 */
export function describePackedBin(consumer: () => string, version: () => string): void {
  /** Runs `command args` in the consumer project; never rejects. */
  const run = (command: string, ...args: string[]): Promise<Run> =>
    new Promise((done) => {
      execFile(command, args, { cwd: consumer(), timeout: 120_000 }, (error, stdout, stderr) => {
        done({ code: error === null ? 0 : Number(error.code), stdout, stderr })
      })
    })
  const bin = (...args: string[]): Promise<Run> => run(join(consumer(), 'node_modules/.bin/pulya'), ...args)
  const lines = (json: string): string[] =>
    (JSON.parse(json) as CheckJson).results.map((r) => `${r.verdict} ${r.status} ${r.method} ${r.path}`)

  describe('the packed bin in a fresh project', () => {
    it.each([
      ['through the node_modules/.bin symlink', () => bin('--version')],
      ['through npx', () => run('npx', '--no-install', 'pulya', '--version')],
      ['by its file', () => run(process.execPath, 'node_modules/pulya/dist/esm/cli/main.js', '--version')]
    ])("%s: pulya's own version", async (_how, start) => {
      expect(await start()).toEqual({ code: 0, stdout: `${version()}\n`, stderr: '' })
    })

    it('CommonJS exporting http.createServer(app): handler mode; Link, Location and a body built from Host compare', async () => {
      const { code, stdout, stderr } = await bin('check', 'served.cjs', '--methods', 'POST', '--json')
      expect([code, stderr]).toEqual([0, ''])
      expect(lines(stdout)).toEqual([
        'same 200 GET /items',
        'same 201 POST /items',
        'same 200 GET /items/1',
        'same 200 HEAD /items',
        'same 200 HEAD /items/1',
        'same 404 GET /__pulya_check_unknown',
        'same 404 GET /__pulya_check_unknown/deeper?x=1'
      ])
      expect((JSON.parse(stdout) as CheckJson).serving).toBe(
        'http.createServer(app) (handler mode): the module exports an http.Server made with http.createServer(app)'
      )
    })

    it('ESM calling app.listen() when loaded, exporting nothing: that app, listen mode; check --out writes the three files', async () => {
      const { code, stdout } = await bin('check', 'listens.mjs', '--out', 'listens-report')
      expect(code).toBe(0)
      expect(stdout).toContain('same             200  GET /hello/1  (/hello/:name)\n')
      expect(stdout).toContain(
        'served as app.listen() (listen mode): the module calls app.listen() when loaded\n'
      )
      expect(readFileSync(join(consumer(), 'listens-report/report.md'), 'utf8')).toContain(
        '# pulya check: listens.mjs'
      )
      expect(
        (JSON.parse(readFileSync(join(consumer(), 'listens-report/results.json'), 'utf8')) as CheckJson)
          .results
      ).toHaveLength(4)
    })

    it('TypeScript through tsx, an API behind a login: every answer 401 is warned about; --header reaches the handlers', async () => {
      const locked = await bin('check', 'auth.ts')
      expect(locked.code).toBe(0)
      expect(locked.stdout).toContain('same             401  GET /me\n')
      expect(locked.stdout).toContain('statuses: 2xx 0, 3xx 0, 4xx 6 (401 ×6), 5xx 0\n')
      expect(locked.stderr).toMatch(
        /^pulya: 4 of 4 answers were 401\/403\/404\/5xx \(401 ×4\): did the requests reach your handlers\?/
      )
      const open = await bin('check', 'auth.ts', '--header', 'Authorization: Bearer t0ken')
      expect([open.code, open.stderr]).toEqual([0, ''])
      expect(open.stdout).toContain('same             200  GET /me\n')
      expect(open.stdout).toContain('same             200  GET /orders/1  (/orders/:id)\n')
      // …and ends with what pulya does for the app (pulya explain says why).
      expect(open.stdout).toContain(
        'pulya accelerates 0 of 1 router; left alone: @koa/router #1 (small); responses: 3 of 3 features on\n'
      )
      expect(open.stdout).toContain('why and what would change it: pulya explain auth.ts\n')
    })

    it('explain on the TypeScript Koa app: its small router left alone and why, its features on, Koa without server classes', async () => {
      const { code, stdout, stderr } = await bin('explain', 'auth.ts')
      expect([code, stderr]).toEqual([0, ''])
      expect(stdout).toMatch(/^koa \d+\.\d+\.\d+, pulya /)
      expect(stdout).toContain(
        '  @koa/router #1, 2 layers: left alone: 2 layers, no more than smallStack (6), and walking so few costs no more than an index; to index it anyway: --pulya \'{"smallStack":1}\' (pulya({ smallStack: 1 }))\n'
      )
      expect(stdout).toContain('  respond (the end of every request): on (')
      expect(stdout).toContain('Server\n  Koa has no server classes')
    })

    it("a request that crashes the app: the request and the process named, the app's last stderr lines, exit 2", async () => {
      const { code, stdout, stderr } = await bin('check', 'crash.mjs')
      expect(code).toBe(2)
      expect(stdout).toContain('same             200  GET /ok\n')
      const [first, ...details] = stderr.trimEnd().split('\n')
      expect(first).toBe(
        'pulya: GET /boom crashed the vanilla app process (it exited with code 1): the app fails there without pulya, so the check stopped after 1 request; give the route a request it can answer (--samples) or fix the app'
      )
      expect(details[0]).toBe('    the vanilla app process, last lines on stderr:')
      expect(details).toContainEqual(expect.stringContaining('Error: boom: the database is gone'))
    })

    it.each([
      [
        'an app with nothing registered',
        ['check', 'empty.cjs'],
        /^pulya: no routes found: the default export of empty\.cjs is an Express app with nothing registered yet/
      ],
      [
        'a NestJS application object',
        ['routes', 'nest-like.mjs'],
        /: it looks like a NestJS app; export its Express app, `app\.getHttpAdapter\(\)\.getInstance\(\)`, after `await app\.init\(\)`/
      ]
    ])('%s: exit 2 with one line saying why', async (_what, args, message) => {
      const { code, stdout, stderr } = await bin(...args)
      expect([code, stdout, stderr.split('\n').length]).toEqual([2, '', 2])
      expect(stderr).toMatch(message)
    })

    it("bench in handler mode: pulya's own server checked and measured too, the line to change; --out's files; the old --json <file>", async () => {
      const quick = [
        '--duration',
        '0.2',
        '--rounds',
        '1',
        '--warmup',
        '0',
        '--connections',
        '4',
        '--top',
        '1'
      ]
      // The old `--json <file>` too: still written, with its deprecation line.
      const { code, stdout, stderr } = await bin(
        'bench',
        'served.cjs',
        ...quick,
        '--out',
        'bench-report',
        '--json',
        'old.json'
      )
      expect([code, stderr]).toEqual([
        0,
        'pulya: bench --json <file> is deprecated (removed in 0.3): --json prints the results on stdout, --out <dir> writes results.json\n'
      ])
      expect(readFileSync(join(consumer(), 'old.json'), 'utf8')).toBe(
        readFileSync(join(consumer(), 'bench-report/results.json'), 'utf8')
      )
      expect(stdout).toContain('- Served as http.createServer(app) (handler mode)')
      expect(stdout).toContain("## With pulya's own server")
      expect(stdout).toContain(
        "http.createServer(app)  →  createServer(app)  // import { createServer } from 'pulya/express'"
      )
      expect(readFileSync(join(consumer(), 'bench-report/report.md'), 'utf8')).toBe(stdout)
      const doc = JSON.parse(readFileSync(join(consumer(), 'bench-report/results.json'), 'utf8')) as {
        meta: { pulyaVersion: string; check: { requests: number } }
        workloads: Array<{ pulyaServer: { rps: number } | null }>
      }
      expect(doc.meta.pulyaVersion).toBe(version())
      expect(doc.meta.check.requests).toBe(6)
      for (const w of doc.workloads) expect(w.pulyaServer?.rps).toBeGreaterThan(0)
    }, 90_000)
  })
}
