/**
 * End to end: the built `pulya` command (dist/esm/cli/main.js, as `npx pulya` runs it) on the
 * small apps in examples/cli/. `npm test` builds first; run `npm run build` before running
 * this file alone.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const bin = 'dist/esm/cli/main.js'

function pulya(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args], { cwd: root }, (error, stdout, stderr) => {
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
    expect(stdout.trim().split('\n').map((l) => l.split(/\s+/).join(' '))).toEqual([
      'METHOD PATH', 'GET /users/:id', 'GET /users/:id/posts/:postId', 'GET /admin/stats',
      'GET,POST /items', 'GET /files/*path', 'GET /random'
    ])
  })

  it('routes --json: an Express 4 CommonJS factory under --export; a Koa async factory with prefixes', async () => {
    const express4 = JSON.parse((await pulya('routes', 'examples/cli/express4-app.cjs', '--export', 'createApp', '--json')).stdout) as Array<{ path: string }>
    expect(express4.map((r) => r.path)).toEqual(['/api/v1/orders/:id', '/api/v1', '/health'])
    const koa = JSON.parse((await pulya('routes', 'examples/cli/koa-app.mjs', '--json')).stdout) as Array<{ path: string; methods: string[] }>
    expect(koa).toEqual([
      { methods: ['HEAD', 'GET'], path: '/api/users/:id', exact: true },
      { methods: ['HEAD', 'GET'], path: '/api/admin/stats', exact: true }
    ])
  })

  it('check: same answers; the Math.random() route is nondeterministic, not a difference', async () => {
    const { code, stdout } = await pulya('check', 'examples/cli/express5-app.mjs', '--json')
    expect(code).toBe(0)
    const { results } = JSON.parse(stdout) as { results: Array<{ path: string; verdict: string }> }
    expect(results.filter((r) => r.verdict !== 'same').map((r) => [r.path, r.verdict])).toEqual([['/random', 'nondeterministic']])
    expect(results.map((r) => r.path)).toContain('/__pulya_check_unknown')
    const sampled = JSON.parse((await pulya('check', 'examples/cli/express5-app.mjs', '--json', '--samples', 'examples/cli/express5-samples.json')).stdout) as { results: Array<{ path: string }> }
    expect(sampled.results.map((r) => r.path).slice(0, 3)).toEqual(['/users/42?full=1', '/users/7', '/users/1/posts/1'])
    expect(sampled.results.map((r) => r.path)).toContain('/files/readme.txt')
    const koa = await pulya('check', 'examples/cli/koa-app.mjs')
    expect(koa.code).toBe(0)
    expect(koa.stdout).toContain('4 requests: 4 same, 0 differ')
  })

  it('check: a broken pulya stand-in that drops a header exits 1 with a diff; --ignore-header excuses it', async () => {
    const broken = await pulya('check', 'examples/cli/express4-app.cjs', '--export', 'createApp', '--pulya-module', 'examples/cli/broken-pulya.mjs')
    expect(broken.code).toBe(1)
    expect(broken.stdout).toContain('differs          GET /health')
    expect(broken.stdout).toContain('header x-powered-by: "Express" → (none)')
    const ignored = await pulya('check', 'examples/cli/express4-app.cjs', '--export', 'createApp', '--pulya-module', 'examples/cli/broken-pulya.mjs', '--ignore-header', 'X-Powered-By')
    expect(ignored.code).toBe(0)
  })

  it('exit 2 with one line: a missing file, not an app, a bad command, a failing app process', async () => {
    for (const args of [['routes', 'examples/cli/nope.mjs'], ['check', 'examples/cli/koa-app.mjs', '--samples', 'examples/cli/nope.json'], ['check', 'examples/cli/not-an-app.mjs', '--export', 'notAnApp'], ['bench', 'x.js'], ['routes']]) {
      const { code, stdout, stderr } = await pulya(...args)
      expect(code).toBe(2)
      expect(stdout).toBe('')
      expect(stderr).toMatch(/^pulya: [^\n]+\n$/)
    }
  })
})
