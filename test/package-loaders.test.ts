/**
 * The packed tarball under the test runners and bundlers users have: jest 27 (no `exports`),
 * 28, 29 and 30, ts-jest with TypeScript's `moduleResolution: node` (node10, no `exports`
 * either), vitest, webpack 5 and esbuild each load `pulya`, `pulya/express` and `pulya/koa` from
 * a consumer project the tarball is installed into, and serve a request through Express 4 and
 * Koa 2 with it (the hosts a jest 27 project has: Express 5's body-parser and Koa 3 need a newer
 * jest). jest before 27.1 also cannot load a `node:` builtin: the CommonJS build is checked to
 * require none. The tools are this repo's pinned devDependencies (npm aliases `jest27-5`,
 * `jest28`, `jest30`; `jest` is 29), run on the consumer's files; the hosts are linked from this
 * repo as in test/package.test.ts. The bundlers leave out the hosts and pulya's optional peers a
 * project may not have (docs: MIGRATION.md, "Bundlers"). `PULYA_LOADERS_TARBALL=<file>` tests
 * that tarball instead of packing this build.
 */
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, buildIfNeeded, installTarball } from './helpers/build.js'

const exec = promisify(execFile)
/** Linked from the repo's node_modules: its npm aliases of express@4 and koa@2. */
const HOSTS = ['express4', 'koa2']
/** Left to Node's `require` by the bundlers: the hosts, and pulya's optional peers (not installed here). */
const EXTERNALS = [...HOSTS, '@koa/router', 'prom-client']

/** What the probe reports: each entry's export names, and each host's answer through pulya. */
interface Report {
  entries: Record<string, string[]>
  answers: Array<{ host: string; entry: string; status: number; body: string }>
  typed?: string[]
}

// The probe, as CommonJS and as ESM: every entry loaded statically (bundlers follow only static
// requests), then one request to Express 4 and Koa 2 with pulya first, from each entry.
const PROBE_BODY = `
const host = (m) => (typeof m === 'function' ? m : m.default)
const names = (m) => Object.keys(m).filter((name) => name !== '__esModule').sort()

function answer(listener, path) {
  return new Promise((resolve, reject) => {
    const server = http.createServer(listener).listen(0, '127.0.0.1', () => {
      http.get({ host: '127.0.0.1', port: server.address().port, path, agent: false }, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => { body += chunk })
        res.on('end', () => { server.close(); resolve({ status: res.statusCode, body }) })
      }).on('error', reject)
    })
  })
}

async function probe() {
  const entries = { pulya: root, 'pulya/express': forExpress, 'pulya/koa': forKoa }
  const answers = []
  for (const entry of ['pulya/express', 'pulya']) {
    const app = host(express4)()
    app.use(entries[entry].pulya())
    app.get('/hello/:name', (req, res) => { res.json({ hello: req.params.name }) })
    answers.push({ host: 'express4', entry, ...(await answer(app, '/hello/world')) })
  }
  for (const entry of ['pulya/koa', 'pulya']) {
    const app = new (host(koa2))()
    app.use(entries[entry].pulya())
    app.use((ctx) => { ctx.body = { path: ctx.path } })
    answers.push({ host: 'koa2', entry, ...(await answer(app.callback(), '/a/b')) })
  }
  return { entries: Object.fromEntries(Object.entries(entries).map(([id, m]) => [id, names(m)])), answers }
}
`
const CJS_PROBE = `'use strict'
const http = require('http')
const root = require('pulya')
const forExpress = require('pulya/express')
const forKoa = require('pulya/koa')
const express4 = require('express4')
const koa2 = require('koa2')
${PROBE_BODY}
module.exports = probe`
const ESM_PROBE = `import http from 'http'
import * as root from 'pulya'
import * as forExpress from 'pulya/express'
import * as forKoa from 'pulya/koa'
import express4 from 'express4'
import koa2 from 'koa2'
${PROBE_BODY}
export default probe`

/** Runs the probe and writes its report where the environment says. */
const write = (probe: string) =>
  `probe().then((report) => {
  require('fs').writeFileSync(process.env.PULYA_PROBE_OUT, JSON.stringify(report))
})`.replace('probe()', probe)

// ts-jest under node10 resolution: an entry it cannot resolve fails the run with TS2307.
const TS_TEST = `import { writeFileSync } from 'fs'
import { pulya as root } from 'pulya'
import { pulya as forExpress } from 'pulya/express'
import { pulya as forKoa, Router } from 'pulya/koa'
// eslint-disable-next-line
const probe: () => Promise<Record<string, unknown>> = require('./probe.cjs')
declare const test: (name: string, run: () => Promise<void>) => void

test('pulya under ts-jest', async () => {
  const report = await probe()
  report.typed = [typeof root, typeof forExpress, typeof forKoa, typeof Router]
  writeFileSync(process.env.PULYA_PROBE_OUT as string, JSON.stringify(report))
})
`

const FILES: Record<string, string> = {
  'probe.cjs': CJS_PROBE,
  'probe.mjs': ESM_PROBE,
  'main.cjs': `${write("require('./probe.cjs')()")}\n`,
  'main.mjs': `import probe from './probe.mjs'\nimport { writeFileSync } from 'fs'\n${write('probe()').replace("require('fs').writeFileSync", 'writeFileSync')}\n`,
  'probe.test.js': `test('pulya under jest', async () => {\n  ${write("require('./probe.cjs')()").replace('probe().then', 'await probe().then').replace("require('./probe.cjs')()", "await require('./probe.cjs')()")}\n})\n`,
  'probe.ts-jest.test.ts': TS_TEST,
  'probe.vitest.test.mjs': `import { test } from 'vitest'\nimport probe from './probe.mjs'\nimport { writeFileSync } from 'fs'\ntest('pulya under vitest', async () => {\n  writeFileSync(process.env.PULYA_PROBE_OUT, JSON.stringify(await probe()))\n})\n`,
  'tsconfig.node10.json': JSON.stringify({
    compilerOptions: {
      module: 'commonjs',
      moduleResolution: 'node',
      ignoreDeprecations: '6.0',
      target: 'es2022',
      strict: true,
      esModuleInterop: true,
      types: ['node'],
      skipLibCheck: false
    },
    files: ['probe.ts-jest.test.ts']
  }),
  'bundle-webpack.cjs': `const webpack = require(process.env.PULYA_TOOL)
webpack({
  mode: 'none', target: 'node', context: __dirname,
  entry: { cjs: './main.cjs', esm: './main.mjs' },
  output: { path: require('path').join(__dirname, 'out-webpack'), filename: '[name].js' },
  externals: ${JSON.stringify(EXTERNALS)}, externalsType: 'commonjs'
}, (error, stats) => {
  if (error || stats.hasErrors()) { console.error(error ?? stats.toString('errors-only')); process.exitCode = 1 }
})
`,
  // The ESM build loads @koa/router with a top-level await, which only an ESM bundle can hold.
  'bundle-esbuild.cjs': `const esbuild = require(process.env.PULYA_TOOL)
for (const format of ['cjs', 'esm']) {
  esbuild.buildSync({
    entryPoints: { [format]: 'main.' + (format === 'cjs' ? 'cjs' : 'mjs') }, absWorkingDir: __dirname,
    bundle: true, platform: 'node', format, outdir: 'out-esbuild', outExtension: { '.js': format === 'cjs' ? '.js' : '.mjs' },
    logLevel: 'error', external: ${JSON.stringify(EXTERNALS)}
  })
}
`
}

let work = ''
let consumer = ''

/** `node args…` in the consumer; the probe's report goes to `out`. Rejects with the output on failure. */
async function node(args: string[], out: string, tool = ''): Promise<void> {
  // Without this runner's own VITEST* variables, which would make a nested vitest think it is a worker.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')))
  await exec(process.execPath, args, {
    cwd: consumer,
    env: { ...env, PULYA_PROBE_OUT: join(work, out), PULYA_TOOL: tool, NODE_ENV: 'test' },
    maxBuffer: 16 * 1024 * 1024,
    timeout: 150_000
  }).catch((error: unknown) => {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
    throw new Error(`node ${args.join(' ')} failed:\n${stdout}\n${stderr}`, { cause: error })
  })
}

const report = async (out: string): Promise<Report> =>
  JSON.parse(await readFile(join(work, out), 'utf8')) as Report
const tool = (name: string, file: string): string => join(ROOT, 'node_modules', name, file)

/** A jest of this repo's node_modules on `testFile`, in one process (no workers to start). */
async function jest(pkg: string, testFile: string, extra: object = {}): Promise<Report[]> {
  const out = `${pkg}.json`
  const config = {
    rootDir: consumer,
    testMatch: [`<rootDir>/${testFile}`],
    testEnvironment: 'node',
    testTimeout: 60_000,
    ...extra
  }
  await node(
    [
      tool(pkg, 'bin/jest.js'),
      '--ci',
      '--runInBand',
      '--config',
      JSON.stringify(config),
      '--cacheDirectory',
      join(work, `cache-${pkg}`)
    ],
    out
  )
  return [await report(out)]
}

/** A bundler's script, then both bundles (of the `require` entry and of the `import` entry) run. */
async function bundle(name: string, bundles: readonly string[]): Promise<Report[]> {
  await node([`bundle-${name}.cjs`], '', tool(name, ''))
  await Promise.all(bundles.map((file) => node([join(`out-${name}`, file)], `${name}-${file}.json`)))
  return Promise.all(bundles.map((file) => report(`${name}-${file}.json`)))
}

const TOOLS: Record<string, () => Promise<Report[]>> = {
  'jest 27': () => jest('jest27-5', 'probe.test.js'),
  'jest 28': () => jest('jest28', 'probe.test.js'),
  'jest 29': () => jest('jest', 'probe.test.js'),
  'jest 30': () => jest('jest30', 'probe.test.js'),
  'ts-jest (moduleResolution: node)': () =>
    jest('jest', 'probe.ts-jest.test.ts', {
      transform: { '^.+\\.ts$': [tool('ts-jest', ''), { tsconfig: 'tsconfig.node10.json' }] }
    }),
  vitest: async () => {
    await node(
      [tool('vitest', 'vitest.mjs'), 'run', '--root', consumer, 'probe.vitest.test.mjs'],
      'vitest.json'
    )
    return [await report('vitest.json')]
  },
  'webpack 5': () => bundle('webpack', ['cjs.js', 'esm.js']),
  esbuild: () => bundle('esbuild', ['cjs.js', 'esm.mjs'])
}

const runs = new Map<string, Promise<Report[]>>()

beforeAll(async () => {
  work = await realpath(await mkdtemp(join(tmpdir(), 'pulya-loaders-')))
  consumer = join(work, 'consumer')
  await mkdir(consumer)
  let tarball = process.env['PULYA_LOADERS_TARBALL']
  if (tarball === undefined) {
    await buildIfNeeded()
    const { stdout } = await exec('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
      cwd: ROOT
    })
    tarball = join(work, (JSON.parse(stdout) as Array<{ filename: string }>)[0]?.filename ?? '')
  }
  await installTarball(tarball, consumer, { name: 'pulya-loaders', private: true })
  await mkdir(join(consumer, 'node_modules/@types'), { recursive: true })
  for (const name of [...HOSTS, '@types/node'])
    await symlink(join(ROOT, 'node_modules', name), join(consumer, 'node_modules', name), 'dir')
  await Promise.all(Object.entries(FILES).map(([file, text]) => writeFile(join(consumer, file), text)))
  // All at once, awaited by the tests; the no-op catch keeps a failure from surfacing as an
  // unhandled rejection before its test awaits it.
  for (const [name, start] of Object.entries(TOOLS)) {
    const run = start()
    run.catch(() => undefined)
    runs.set(name, run)
  }
}, 180_000)

afterAll(async () => {
  if (work !== '') await rm(work, { recursive: true, force: true })
})

describe('the packed tarball under test runners and bundlers', () => {
  // jest before 27.1 reads a required name it does not know as a file: ENOENT on 'node:module'.
  it('jest 27.0: no node: builtin is required by the CommonJS build or the main of its dependency', async () => {
    const installed = join(consumer, 'node_modules')
    const files = (await readdir(join(installed, 'pulya/dist/commonjs'), { recursive: true }))
      .filter((file) => file.endsWith('.js'))
      .map((file) => join(installed, 'pulya/dist/commonjs', file))
    const lruCache = JSON.parse(await readFile(join(installed, 'lru-cache/package.json'), 'utf8')) as {
      main: string
    }
    files.push(join(installed, 'lru-cache', lruCache.main))
    const texts = await Promise.all(files.map(async (file) => [file, await readFile(file, 'utf8')] as const))
    expect(texts.length).toBeGreaterThan(50)
    expect(texts.filter(([, text]) => /require\((['"`])node:/.test(text)).map(([file]) => file)).toEqual([])
  })

  it.each(Object.keys(TOOLS))(
    '%s: loads pulya, pulya/express and pulya/koa and serves through them',
    async (name) => {
      const reports = await (runs.get(name) as Promise<Report[]>)
      for (const { entries, answers, typed } of reports) {
        expect(entries['pulya']).toEqual(
          expect.arrayContaining(['PULYA_ERR_INVALID_OPTION', 'default', 'pulya', 'routeOf'])
        )
        expect(entries['pulya/express']).toEqual(expect.arrayContaining(['default', 'pulya', 'routeOf']))
        expect(entries['pulya/koa']).toEqual(
          expect.arrayContaining(['Router', 'default', 'pulya', 'routeOf'])
        )
        expect(answers).toEqual([
          { host: 'express4', entry: 'pulya/express', status: 200, body: '{"hello":"world"}' },
          { host: 'express4', entry: 'pulya', status: 200, body: '{"hello":"world"}' },
          { host: 'koa2', entry: 'pulya/koa', status: 200, body: '{"path":"/a/b"}' },
          { host: 'koa2', entry: 'pulya', status: 200, body: '{"path":"/a/b"}' }
        ])
        if (name.startsWith('ts-jest'))
          expect(typed).toEqual(['function', 'function', 'function', 'function'])
      }
    },
    180_000
  )
})
