/** The pulya command's parts, in-process: arguments, loading, route discovery, comparison. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import express from 'express'
import { describe, expect, it } from 'vitest'
import { EXPRESS_HOSTS } from '../helpers/hosts.js'
import { BENCH_DEFAULTS, UsageError, parseArgs, parsePercent } from '../../src/cli/args.js'
import { diffAnswers, formatResults, judge, type Answer } from '../../src/cli/compare.js'
import { LoadError, appKind, firstLine, loadApp, recordSubApps } from '../../src/cli/load.js'
import { layerTemplate } from '../../src/express/routing/layer-pattern.js'
import { discoverRoutes, formatRoutes } from '../../src/cli/routes.js'
import { checkTargets, parseSamples, samplePath } from '../../src/cli/targets.js'
import { target } from '../helpers/cli-target.js'

const root = fileURLToPath(new URL('../..', import.meta.url))

describe('parseArgs', () => {
  it('reads commands and options', () => {
    expect(
      parseArgs([
        'check',
        './app.js',
        '--json',
        '--export',
        'make',
        '--ignore-header',
        'X-Id',
        '--samples',
        's.json',
        '--pulya-module',
        'm.mjs'
      ])
    ).toEqual({
      command: 'check',
      app: './app.js',
      exportName: 'make',
      json: true,
      ignoreHeaders: ['x-id'],
      samples: 's.json',
      openapi: undefined,
      har: undefined,
      harHosts: [],
      methods: [],
      allowUnmatched: false,
      pulyaModule: 'm.mjs',
      pulyaOptions: undefined,
      bench: { ...BENCH_DEFAULTS, routes: [] }
    })
    expect(
      parseArgs([
        'check',
        'a.ts',
        '--openapi',
        'o.yaml',
        '--allow-unmatched',
        '--har',
        't.har',
        '--har-host',
        'api.example.com',
        '--methods',
        'post, Put,'
      ])
    ).toMatchObject({
      openapi: 'o.yaml',
      allowUnmatched: true,
      har: 't.har',
      harHosts: ['api.example.com'],
      methods: ['POST', 'PUT']
    })
    const bench = parseArgs([
      'bench',
      'a.js',
      '--json',
      'r.json',
      '--duration',
      '0.5',
      '--rounds',
      '5',
      '--connections',
      '8',
      '--warmup',
      '0',
      '--top',
      '3',
      '--routes',
      '/api/*',
      '--routes',
      '/b',
      '--out',
      'rep',
      '--baseline',
      'old.json',
      '--max-regression',
      '5%',
      '--no-check',
      '--pulya',
      '{"cache":{"max":5000}}'
    ])
    expect(bench.json).toBe(false)
    expect(bench.pulyaOptions).toEqual({ cache: { max: 5000 } })
    expect(bench.bench).toEqual({
      durationS: 0.5,
      rounds: 5,
      connections: 8,
      warmupS: 0,
      top: 3,
      routes: ['/api/*', '/b'],
      out: 'rep',
      jsonFile: 'r.json',
      check: false,
      baseline: 'old.json',
      gate: true,
      maxRegression: 0.05
    })
    expect(parseArgs(['bench', 'a.js', '--baseline', 'b.json', '--check']).bench).toMatchObject({
      gate: true,
      maxRegression: 0.1
    })
    expect(parseArgs(['bench', 'a.js', '--baseline', 'b.json']).bench.gate).toBe(false)
    expect(parsePercent('12.5')).toBe(0.125)
    expect(parseArgs([]).command).toBe('help')
    expect(parseArgs(['routes', 'a.js', '-h']).command).toBe('help')
  })
  it('rejects bad usage with one line', () => {
    for (const argv of [
      ['--export'],
      ['--nope'],
      ['bench'],
      ['serve', 'a.js'],
      ['routes'],
      ['routes', 'a.js', 'b.js'],
      ['bench', 'a.js', '--duration', 'x'],
      ['bench', 'a.js', '--duration', ''],
      ['bench', 'a.js', '--rounds', '1.5'],
      ['bench', 'a.js', '--connections', '0'],
      ['bench', 'a.js', '--max-regression', '-3%'],
      ['bench', 'a.js', '--max-regression', 'ten'],
      ['bench', 'a.js', '--check'],
      ['check', 'a.js', '--baseline', 'b.json', '--check'],
      ['bench', 'a.js', '--pulya', '{bad'],
      ['bench', 'a.js', '--pulya', '[1]'],
      ['bench', 'a.js', '--pulya', 'null'],
      ['check', 'a.js', '--methods', ''],
      ['check', 'a.js', '--methods', 'GET,CONNECT'],
      ['check', 'a.js', '--methods', 'P-OST'],
      ['check', 'a.js', '--har-host', 'h'],
      ['check', 'a.js', '--allow-unmatched']
    ]) {
      expect(() => parseArgs(argv)).toThrow(UsageError)
    }
    expect(() => parseArgs(['bench', 'a.js', '--pulya', '{bad'])).toThrow(
      /^pulya: --pulya is not valid JSON \([^\n]+\); e\.g\./
    )
    expect(() => parseArgs(['check', 'a.js', '--methods', 'GET,CONNECT'])).toThrow(
      'pulya: --methods takes HTTP methods separated by commas, e.g. POST,PUT,DELETE, got "GET,CONNECT"'
    )
  })
})

describe('loadApp', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pulya-cli-'))
  const file = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text)
    return join(dir, name)
  }

  it('loads default exports, named exports, CommonJS objects and async factories', async () => {
    const express5 = await loadApp('examples/cli/express5-app.mjs', undefined, root)
    expect(discoverRoutes(express5.app).map((r) => r.path)).toContain('/admin/stats')
    const koa = await loadApp('examples/cli/koa-app.mjs', undefined, root)
    expect(discoverRoutes(koa.app).map((r) => r.path)).toEqual(['/api/users/:id', '/api/admin/stats'])
    expect((await loadApp('examples/cli/express4-app.cjs', 'createApp', root)).kind).toBe('express')
    expect((await loadApp('examples/cli/koa-app.mjs', undefined, root)).kind).toBe('koa')
    const hidden = file(
      'hidden.cjs',
      'module.exports = Object.assign({}, { make: () => ({ middleware: [], callback() {}, use() {} }) })'
    )
    expect((await loadApp(hidden, 'make')).kind).toBe('koa')
  })

  it('requires CommonJS, so `if (!module.parent) app.listen(3000)` does not listen; honours __esModule; imports ESM .js', async () => {
    const koaLike = '{ middleware: [], callback() {}, use() {} }'
    const guarded = file(
      'guarded.js',
      `if (!module.parent) throw new Error('would listen on 3000')\nmodule.exports = ${koaLike}`
    )
    expect((await loadApp(guarded, undefined)).kind).toBe('koa')
    const compiled = file(
      'compiled.cjs',
      `Object.defineProperty(exports, '__esModule', { value: true })\nexports.default = ${koaLike}`
    )
    expect((await loadApp(compiled, undefined)).kind).toBe('koa')
    expect((await loadApp(file('fn.cjs', 'module.exports = () => (' + koaLike + ')'), undefined)).kind).toBe(
      'koa'
    )
    mkdirSync(join(dir, 'esm'))
    writeFileSync(join(dir, 'esm', 'package.json'), '{"type":"module"}')
    writeFileSync(join(dir, 'esm', 'app.js'), `export default ${koaLike}`)
    expect((await loadApp(join(dir, 'esm', 'app.js'), undefined)).kind).toBe('koa')
    const error = await loadApp(file('broken.cjs', 'module.exports = ;'), undefined).catch((e: unknown) => e)
    expect((error as Error).message).toMatch(/^pulya: cannot load .*broken\.cjs: /)
  })

  it('fails with one line: missing file, import error, missing export, failing factory, not an app', async () => {
    const cases: Array<[string, string | undefined]> = [
      [join(dir, 'none.mjs'), undefined],
      [file('syntax.mjs', 'export default {'), undefined],
      [file('named.mjs', 'export const a = 1'), undefined],
      [file('named2.mjs', 'export const a = 1'), 'b'],
      [file('throws.mjs', "export default () => { throw new Error('boom\\nstack') }"), undefined],
      [file('plain.mjs', 'export default { use() {} }'), undefined]
    ]
    for (const [path, name] of cases) {
      const error = await loadApp(path, name).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(LoadError)
      expect((error as Error).message).not.toContain('\n')
    }
    expect(firstLine('a\nb')).toBe('a')
  })

  it('recordSubApps leaves alone what it cannot patch', () => {
    expect(() => {
      recordSubApps(join(dir, 'x.mjs'))
    }).not.toThrow()
    expect(appKind(null)).toBeUndefined()
  })
})

const express4 = (EXPRESS_HOSTS[0] as (typeof EXPRESS_HOSTS)[number]).express as unknown as typeof express

describe('discoverRoutes', () => {
  it('Express 4: mounts, a RegExp route never requested', () => {
    const app = express4()
    const api = express4.Router()
    api.get('/a/:id?', () => undefined)
    api.all('/any', () => undefined)
    app.use('/api', api)
    const posts = express4.Router()
    posts.get('/:pid', () => undefined)
    app.use('/u/:uid/v1.0', posts)
    app.get(/^\/re/, () => undefined)
    app.get('/opt(ional)?', () => undefined)
    app.use((_req: unknown, _res: unknown, next: () => void) => {
      next()
    })
    const routes = discoverRoutes(app)
    expect(routes).toEqual([
      { methods: ['GET'], path: '/api/a/:id?', exact: true },
      { methods: ['ALL'], path: '/api/any', exact: true },
      { methods: ['GET'], path: '/u/:uid/v1.0/:pid', exact: true },
      { methods: ['GET'], path: '<regexp>', exact: false },
      { methods: ['GET'], path: '/opt(ional)?', exact: true }
    ])
    expect(formatRoutes(routes)).toContain('<regexp>  (not readable: never requested)')
    expect(checkTargets(routes).map((t) => t.path)).toEqual(['/api/a/1', '/api/any', '/u/1/v1.0/1'])
    const samples = parseSamples(
      '{"/api/a/:id?": [{"params": {"id": "7"}, "query": {"q": "x y"}, "headers": {"accept": "text/html"}}, {}], "/api/any": {"headers": {"x-a": "1"}}, "/opt(ional)?": {}}'
    )
    expect(checkTargets(routes, { samples })).toEqual([
      target('/api/a/:id?', '/api/a/7?q=x+y', { headers: { accept: 'text/html' } }),
      target('/api/a/:id?', '/api/a/1'),
      target('/api/any', '/api/any', { headers: { 'x-a': '1' } }),
      target('/u/:uid/v1.0/:pid', '/u/1/v1.0/1')
    ])
    for (const bad of ['[]', 'null', '1'])
      expect(() => parseSamples(bad)).toThrow('samples: expected an object')
    // layerTemplate (express/routing/layer-pattern.ts) gives up on what it cannot read back.
    const layer = (regexp: RegExp, keys: unknown[] = []): Parameters<typeof layerTemplate>[0] => ({
      handle: null,
      regexp,
      keys,
      match: () => false
    })
    for (const regexp of [/x/, /^\/a\d/, /^\/a(?:\/([^/]+?))/, /^\/a+/, /^\/abc/])
      expect(layerTemplate(layer(regexp))).toBeUndefined()
    expect(layerTemplate({ ...layer(/^\/a\/?(?=\/|$)/), rawPath: 1 })).toBeUndefined()
    expect(
      layerTemplate(
        Object.assign(layer(/^\/?(?=\/|$)/), { regexp: Object.assign(/^\/?(?=\/|$)/, { fast_slash: true }) })
      )
    ).toBe('')
    expect(layerTemplate({ handle: null, rawPath: '/', match: () => false })).toBe('')
  })

  it('Express 5: a route at a mount root; a sub-app loaded without the recorder is not walked', () => {
    const app = express()
    const sub = express.Router()
    sub.get('/', () => undefined)
    app.use('/s', sub)
    app.get('/', () => undefined)
    app.get('/', () => undefined)
    expect(discoverRoutes(app).map((r) => r.path)).toEqual(['/s', '/', '/'])
    expect(checkTargets(discoverRoutes(app)).length).toBe(2)
    expect(discoverRoutes({})).toEqual([])
    expect(checkTargets([])).toEqual([target('/', '/')])
  })

  it('Koa: a non-string layer path is shown, not requested', () => {
    const app = {
      middleware: [
        Object.assign(() => undefined, {
          router: {
            stack: [
              { path: /^\/x/, methods: ['GET'] },
              { path: '/m', methods: [] }
            ]
          }
        }),
        () => undefined
      ]
    }
    expect(discoverRoutes(app, 'koa')).toEqual([{ methods: ['GET'], path: '/^\\/x/', exact: false }])
  })

  it('samplePath fills params and refuses what it cannot fill', () => {
    expect(samplePath('/files{/:name}/*rest')).toBe('/files/1/x')
    expect(samplePath('')).toBe('/')
    expect(samplePath('/u/:id/*rest', { id: 'a b?', rest: 'c' })).toBe('/u/a%20b%3F/c')
    expect(samplePath('/a/(\\d+)')).toBeUndefined()
  })
})

describe('compare', () => {
  const answer = (status: number, headers: Answer['headers'], body: string): Answer => ({
    status,
    headers,
    body: Buffer.from(body)
  })

  it('diffs status, headers (not Date, not ignored ones) and body', () => {
    const a = answer(200, { date: '1', 'x-a': ['1', '2'], 'x-b': 'b', 'x-c': 'c' }, 'hello world')
    const b = answer(404, { date: '2', 'x-a': '1, 2', 'x-c': 'd' }, 'hello there')
    expect(diffAnswers(a, b, ['X-C'])).toEqual([
      'status: 200 → 404',
      'header x-b: "b" → (none)',
      'body: 11 → 11 bytes, first difference at byte 6: "hello world" → "hello there"'
    ])
    expect(diffAnswers(a, a)).toEqual([])
  })

  it('judges and formats', () => {
    const same = answer(200, {}, 'x')
    const other = answer(200, {}, 'y')
    const results = [
      judge(target('/a/:id', '/a/1'), same, same, same),
      judge(target('/b', '/b'), same, same, other),
      judge(
        target('/c', '/c', { method: 'POST', body: '{"title":"a title longer than forty characters"}' }),
        same,
        other,
        same
      ),
      judge(target('/d', '/d', { method: 'PUT', body: '{}' }), same, same, same)
    ]
    expect(results.map((r) => r.verdict)).toEqual(['same', 'differs', 'nondeterministic', 'same'])
    const text = formatResults(results)
    expect(text).toContain('same             GET /a/1  (/a/:id)')
    expect(text).toContain('nondeterministic POST /c  body "{\\"title\\":\\"a title longer than forty char…"')
    expect(text).toContain('same             PUT /d  body "{}"')
    expect(text).toContain('4 requests: 2 same, 1 differ, 1 nondeterministic')
  })
})
