/**
 * End to end: the built `pulya` command (dist/esm/cli/main.js, as `npx pulya` runs it) on the
 * small apps in examples/cli/. `npm test` builds first; alone, this file builds if dist/ is stale.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildIfNeeded } from '../helpers/build.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const bin = 'dist/esm/cli/main.js'

beforeAll(buildIfNeeded, 150_000)

function pulya(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return pulyaWith(process.env, ...args)
}

function pulyaWith(
  env: NodeJS.ProcessEnv,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return pulyaIn(root, env, join(root, bin), ...args)
}

function pulyaIn(
  cwd: string,
  env: NodeJS.ProcessEnv,
  ...argv: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, argv, { cwd, env }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : Number(error.code), stdout, stderr })
    })
  })
}

describe('pulya command', () => {
  it('--help and no arguments print the usage', async () => {
    const { code, stdout } = await pulya('--help')
    expect(code).toBe(0)
    expect(stdout).toContain('Usage: pulya <command>')
    expect((await pulya()).stdout).toContain('Usage: pulya <command>')
  })

  it('routes: an Express 5 app with nested routers, a sub-app, app.route() and a wildcard', async () => {
    const { code, stdout } = await pulya('routes', 'examples/cli/express5-app.mjs')
    expect(code).toBe(0)
    expect(
      stdout
        .trim()
        .split('\n')
        .map((l) => l.split(/\s+/).join(' '))
    ).toEqual([
      'METHOD PATH',
      'GET /users/:id',
      'GET /users/:id/posts/:postId',
      'GET /admin/stats',
      'GET,POST /items',
      'GET /files/*path',
      'GET /random'
    ])
  })

  it('routes --json: an Express 4 CommonJS factory under --export; a Koa async factory with prefixes', async () => {
    const express4 = JSON.parse(
      (await pulya('routes', 'examples/cli/express4-app.cjs', '--export', 'createApp', '--json')).stdout
    ) as Array<{ path: string }>
    expect(express4.map((r) => r.path)).toEqual(['/api/v1/orders/:id', '/api/v1', '/health'])
    const koa = JSON.parse((await pulya('routes', 'examples/cli/koa-app.mjs', '--json')).stdout) as Array<{
      path: string
      methods: string[]
    }>
    expect(koa).toEqual([
      { methods: ['HEAD', 'GET'], path: '/api/users/:id', exact: true },
      { methods: ['HEAD', 'GET'], path: '/api/admin/stats', exact: true }
    ])
  })

  it('check: same answers; the Math.random() route is nondeterministic, not a difference', async () => {
    const { code, stdout } = await pulya('check', 'examples/cli/express5-app.mjs', '--json')
    expect(code).toBe(0)
    const { results } = JSON.parse(stdout) as {
      results: Array<{ method: string; path: string; verdict: string }>
    }
    expect(results.filter((r) => r.verdict !== 'same').map((r) => [r.method, r.path, r.verdict])).toEqual([
      ['GET', '/random', 'nondeterministic'],
      ['HEAD', '/random', 'nondeterministic']
    ])
    expect(results.map((r) => r.path)).toContain('/__pulya_check_unknown')
    const sampled = JSON.parse(
      (
        await pulya(
          'check',
          'examples/cli/express5-app.mjs',
          '--json',
          '--samples',
          'examples/cli/express5-samples.json'
        )
      ).stdout
    ) as { results: Array<{ path: string }> }
    expect(sampled.results.map((r) => r.path).slice(0, 3)).toEqual([
      '/users/42?full=1',
      '/users/7',
      '/users/1/posts/1'
    ])
    expect(sampled.results.map((r) => r.path)).toContain('/files/readme.txt')
    const koa = await pulya('check', 'examples/cli/koa-app.mjs')
    expect(koa.code).toBe(0)
    expect(koa.stdout).toContain('same             200  HEAD /api/users/1  (/api/users/:id)')
    expect(koa.stdout).toContain('6 requests: 6 same, 0 differ')
  })

  it('check: a broken pulya stand-in that drops a header exits 1 with a diff; --ignore-header excuses it', async () => {
    const broken = await pulya(
      'check',
      'examples/cli/express4-app.cjs',
      '--export',
      'createApp',
      '--pulya-module',
      'examples/cli/broken-pulya.mjs'
    )
    expect(broken.code).toBe(1)
    expect(broken.stdout).toContain('differs          200  GET /health')
    expect(broken.stdout).toContain('header x-powered-by: "Express" → (none)')
    const ignored = await pulya(
      'check',
      'examples/cli/express4-app.cjs',
      '--export',
      'createApp',
      '--pulya-module',
      'examples/cli/broken-pulya.mjs',
      '--ignore-header',
      'X-Powered-By'
    )
    expect(ignored.code).toBe(0)
  })

  it('an app that listens on 3000 as it loads gets a free port on 127.0.0.1 instead (its process exits 7 otherwise)', async () => {
    const { code, stdout } = await pulya('check', 'examples/cli/listens-on-load.cjs')
    expect(stdout).toContain('same             200  GET /hello')
    expect(code).toBe(0)
  })

  it.each([
    ['a missing file', ['routes', 'examples/cli/nope.mjs']],
    [
      'a missing --samples file',
      ['check', 'examples/cli/koa-app.mjs', '--samples', 'examples/cli/nope.json']
    ],
    ['not an app', ['check', 'examples/cli/not-an-app.mjs', '--export', 'notAnApp']],
    ['a missing app to bench', ['bench', 'x.js']],
    ['a command without its app', ['routes']]
  ])('exit 2 with one line: %s', async (_what, args) => {
    const { code, stdout, stderr } = await pulya(...args)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(/^pulya: [^\n]+\n$/)
  })
})

/** One line of `check --json`. */
interface CheckJson {
  results: Array<{ template: string; method: string; path: string; verdict: string; diff: string[] }>
}

describe('pulya check: OpenAPI, HAR, other methods, TypeScript, progress', () => {
  const app = 'examples/cli/todo-app.mjs'
  const lines = (json: string): string[] =>
    (JSON.parse(json) as CheckJson).results.map((r) => `${r.verdict} ${r.method} ${r.path}`)

  it("--openapi (YAML): the examples under the servers' /api prefix, POST/PUT/DELETE in the document's order, the same state in every process", async () => {
    const { code, stdout, stderr } = await pulya(
      'check',
      app,
      '--openapi',
      'examples/cli/todo-openapi.yaml',
      '--json'
    )
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(lines(stdout)).toEqual([
      'same GET /api/todos?limit=10&done=false',
      'same GET /api/todos?limit=10&done=true',
      'same POST /api/todos',
      'same POST /api/todos',
      'same GET /api/todos/1',
      'same PUT /api/todos/1',
      'same DELETE /api/todos/1',
      'same GET /api/whoami',
      'same HEAD /api/todos?limit=10&done=false',
      'same HEAD /api/todos/1',
      'same HEAD /api/whoami',
      'same GET /__pulya_check_unknown',
      'same GET /__pulya_check_unknown/deeper?x=1'
    ])
  })

  const specs = mkdtempSync(join(tmpdir(), 'pulya-openapi-'))
  const spec = (name: string, doc: unknown): string => {
    writeFileSync(join(specs, name), typeof doc === 'string' ? doc : JSON.stringify(doc))
    return join(specs, name)
  }
  const extra = spec('extra.json', {
    openapi: '3.0.0',
    paths: { '/api/todos': { get: {} }, '/api/archive': { get: {} } }
  })

  it.each([
    [
      'no such file',
      ['--openapi', 'examples/cli/nope.yaml'],
      /^pulya: cannot read --openapi examples\/cli\/nope\.yaml: no such file\n$/
    ],
    [
      'not a document',
      ['--openapi', spec('swagger1.json', { swagger: '1.2', paths: {} })],
      /^pulya: --openapi [^ ]+swagger1\.json: not an OpenAPI 3\.x or Swagger 2\.0 document/
    ],
    [
      'bad JSON',
      ['--openapi', spec('bad.json', '{"openapi": ')],
      /^pulya: --openapi [^ ]+bad\.json: Unexpected end of JSON input\n$/
    ],
    [
      'an operation no route answers',
      ['--openapi', extra],
      /^pulya: --openapi [^ ]+extra\.json: GET \/api\/archive matches no route of the app; pulya routes lists them, --allow-unmatched sends such requests anyway\n$/
    ]
  ])('--openapi refused, exit 2: %s', async (_what, args, message) => {
    const { code, stdout, stderr } = await pulya('check', app, ...args)
    expect(stderr).toMatch(message)
    expect(code).toBe(2)
    expect(stdout).toBe('')
  })

  it('--allow-unmatched: an operation no route answers is sent as "no route"', async () => {
    const allowed = await pulya('check', app, '--openapi', extra, '--allow-unmatched', '--json')
    expect(allowed.code).toBe(0)
    expect(
      (JSON.parse(allowed.stdout) as CheckJson).results.find((r) => r.path === '/api/archive')?.template
    ).toBe('no route')
  })

  it("--har: other hosts are refused until --har-host names the app's; then the traffic is replayed in order, a middleware-served path included", async () => {
    const refused = await pulya('check', app, '--har', 'examples/cli/todo-traffic.har')
    expect(refused.code).toBe(2)
    expect(refused.stderr).toBe(
      "pulya: --har examples/cli/todo-traffic.har: the HAR also holds requests to other hosts: cdn.example.com (1); name the app's with --har-host todo.example.com (repeatable)\n"
    )
    const { code, stdout } = await pulya(
      'check',
      app,
      '--har',
      'examples/cli/todo-traffic.har',
      '--har-host',
      'todo.example.com',
      '--json'
    )
    expect(code).toBe(0)
    expect(lines(stdout).slice(0, 6)).toEqual([
      'same GET /api/todos?limit=5',
      'same POST /api/todos',
      'same GET /api/todos/2',
      'same GET /api/whoami',
      'same PUT /api/todos/2',
      'same GET /favicon.ico'
    ])
    const missing = await pulya('check', app, '--har', 'examples/cli/todo-openapi.yaml')
    expect(missing.stderr).toMatch(/^pulya: --har examples\/cli\/todo-openapi\.yaml: Unexpected token/)
    expect(missing.code).toBe(2)
  })

  it('--methods: placeholder requests ({} as JSON) to every route with those methods', async () => {
    const { code, stdout } = await pulya('check', app, '--methods', 'POST,PUT,DELETE')
    expect(code).toBe(0)
    for (const line of [
      'same             400  POST /api/todos',
      'same             200  PUT /api/todos/1  (/api/todos/:id)',
      'same             204  DELETE /api/todos/1  (/api/todos/:id)'
    ])
      expect(stdout).toContain(line)
  })

  // Loaded through tsx: test/helpers/packed-bin-suite.ts, from the packed bin in a fresh project.
  it('a TypeScript app without tsx installed: one line naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulya-no-tsx-'))
    writeFileSync(join(dir, 'app.ts'), readFileSync(join(root, 'examples/cli/typescript-app.ts')))
    const missing = await pulyaIn(dir, process.env, join(root, bin), 'check', 'app.ts')
    expect(missing).toEqual({
      code: 2,
      stdout: '',
      stderr: 'pulya: app.ts is TypeScript: install tsx to load it (npm install --save-dev tsx)\n'
    })
  })

  it('a progress bar on stderr when it is a terminal (run under script(1)); none otherwise', async () => {
    const command = `${process.execPath} ${bin} check examples/cli/koa-app.mjs 1>/dev/null`
    const { stdout } = await pulyaIn(
      root,
      process.env,
      '-e',
      `require('child_process').execFileSync('script', ['-qec', ${JSON.stringify(command)}, '/dev/null'], { stdio: 'inherit' })`
    )
    expect(stdout).toContain('\r\x1b[K[')
    expect(stdout).toContain('6/6 check done')
    expect((await pulya('check', 'examples/cli/koa-app.mjs')).stderr).toBe('')
  })
})

/** The parts of a --json result these tests read. */
interface BenchJson {
  meta: { check: unknown; pulyaOptions: unknown; config: { rounds: number } }
  workloads: Array<{
    name: string
    speedup: { median: number } | null
    vanilla: { rps: number; cpuUsPerReq: number }
    pulya: { rps: number; cpuUsPerReq: number; rounds: unknown[] }
  }>
}

describe('pulya bench', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pulya-bench-'))
  // Very short windows: these prove the command works, they measure nothing.
  const quick = ['--duration', '0.2', '--rounds', '1', '--warmup', '0', '--connections', '4']
  const baseline = (speedup: number, cpu: number): string => {
    const file = join(dir, `baseline-${speedup}.json`)
    writeFileSync(
      file,
      JSON.stringify({
        format: 'pulya-bench/1',
        workloads: [{ name: 'mix', speedup: { median: speedup }, pulya: { cpuUsPerReq: cpu } }]
      })
    )
    return file
  }

  it('Express 5: check first, then the mix, the top routes and a 404; JSON, Markdown and HTML reports', async () => {
    const out = join(dir, 'report')
    const json = join(out, 'results.json')
    const { code, stdout, stderr } = await pulya(
      'bench',
      'examples/cli/express5-app.mjs',
      ...quick,
      '--top',
      '2',
      '--out',
      out
    )
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const doc = JSON.parse(readFileSync(json, 'utf8')) as BenchJson
    expect(doc.meta.check).toMatchObject({ requests: 14, same: 12, nondeterministic: 2 })
    expect(doc.workloads.map((w) => w.name)).toEqual(['mix', 'GET /users/:id', 'GET /random', '404'])
    for (const w of doc.workloads) {
      expect(w.vanilla.rps).toBeGreaterThan(0)
      expect(w.pulya.cpuUsPerReq).toBeGreaterThan(0)
      expect(w.speedup?.median).toBeGreaterThan(0)
      expect(w.pulya.rounds).toHaveLength(1)
    }
    expect(stdout).toContain('| GET /users/:id |')
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toBe(stdout)
    expect(readFileSync(join(out, 'report.html'), 'utf8').match(/<svg /g)).toHaveLength(3)
    // Served as the module serves it: exported and not served, so http.createServer(app), where
    // pulya's own server is measured too.
    expect(stdout).toContain("## With pulya's own server")
  }, 60_000)

  it('Koa with --pulya options and --routes: the gate passes a baseline it beats and fails one it cannot reach', async () => {
    const args = [
      'bench',
      'examples/cli/koa-app.mjs',
      ...quick,
      '--skip-check',
      '--routes',
      '/api/users/*',
      '--top',
      '0',
      '--pulya',
      '{"cache":{"max":5000}}'
    ]
    const out = join(dir, 'koa')
    const json = join(out, 'results.json')
    // No taskset on the PATH: nothing is pinned, and the report says so.
    const pass = await pulyaWith(
      { ...process.env, PATH: dir },
      ...args,
      '--out',
      out,
      '--baseline',
      baseline(0.001, 1e9),
      '--fail-on-regression'
    )
    expect(pass.code).toBe(0)
    expect(pass.stdout).toContain('- no regression against')
    expect(pass.stdout).toContain('not pinned (taskset is missing or refused)')
    const doc = JSON.parse(readFileSync(json, 'utf8')) as BenchJson
    expect(doc.workloads.map((w) => w.name)).toEqual(['mix'])
    expect(doc.meta).toMatchObject({ check: null, pulyaOptions: { cache: { max: 5000 } } })
    const fail = await pulya(...args, '--baseline', baseline(1000, 0.001), '--max-regression', '10%')
    expect(fail.code).toBe(1)
    expect(fail.stderr).toMatch(
      /^pulya: REGRESSION mix: speed-up 1,000\.00× → [\d.,]+× \(-\d+%\); pulya CPU 0\.0 → [\d.,]+ µs\/req \(\+[\d,]+%\); tolerance 10%\npulya: 1 regressed against [^\n]+\n$/
    )
  }, 60_000)

  it("--har: the workloads are the traffic's routes, POST included, the mix weighted like it", async () => {
    const { code, stdout, stderr } = await pulya(
      'bench',
      'examples/cli/todo-app.mjs',
      ...quick,
      '--har',
      'examples/cli/todo-traffic.har',
      '--har-host',
      'todo.example.com',
      '--top',
      '8',
      '--json'
    )
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const doc = JSON.parse(stdout) as BenchJson & {
      workloads: Array<{ requests?: unknown }>
    }
    expect(doc.workloads.map((w) => w.name)).toEqual([
      'mix',
      'GET /api/todos',
      'POST /api/todos',
      'GET /api/todos/:id',
      'GET /api/whoami',
      'PUT /api/todos/:id',
      'GET no route',
      '404'
    ])
    expect(doc.meta.check).toMatchObject({ nondeterministic: 0 })
  }, 60_000)

  it('a difference found by the check first: exit 1 and no bench', async () => {
    const out = join(dir, 'never')
    const { code, stdout, stderr } = await pulya(
      'bench',
      'examples/cli/express4-app.cjs',
      '--export',
      'createApp',
      '--pulya-module',
      'examples/cli/broken-pulya.mjs',
      ...quick,
      '--out',
      out
    )
    expect(code).toBe(1)
    expect(stdout).toContain('header x-powered-by: "Express" → (none)')
    expect(stderr).toBe(
      'pulya: check found answers that differ with pulya, so bench did not run (--skip-check benches anyway)\n'
    )
    expect(existsSync(out)).toBe(false)
  })

  it.each([
    ['bad --pulya JSON', ['--pulya', '{bad'], /^pulya: --pulya is not valid JSON/],
    [
      'a bad --pulya option value',
      ['--pulya', '{"cache":{"max":-1}}'],
      /^pulya: --pulya: option "cache.max" must be a positive integer, received -1\n$/
    ],
    [
      'a bad baseline',
      ['--baseline', 'examples/cli/express5-samples.json'],
      /^pulya: cannot read --baseline examples\/cli\/express5-samples.json: not a pulya bench --json file/
    ],
    ['a bad number', ['--rounds', '0'], /^pulya: --rounds must be an integer ≥ 1, got "0"\n$/]
  ])(
    'exit 2 with one line: %s',
    async (_what, extra, message) => {
      const { code, stdout, stderr } = await pulya('bench', 'examples/cli/koa-app.mjs', ...quick, ...extra)
      expect(code).toBe(2)
      expect(stdout).toBe('')
      expect(stderr).toMatch(message)
      expect(stderr.split('\n')).toHaveLength(2)
    },
    60_000
  )
})
