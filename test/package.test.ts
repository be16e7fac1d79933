/**
 * The package test: packs pulya as `npm publish` would, installs the tarball into a
 * throwaway consumer project and checks what users get, in child processes that never
 * see this repository's src/: `require` and `import` of every entry point export the
 * same names, both builds serve real requests through Express 4/5 and Koa 2/3, and the
 * published types compile under `module: nodenext` from CommonJS and ESM files.
 *
 * Only the tarball goes through `npm install` (so its `dependencies` are the published
 * ones); the host frameworks are symlinked from this repo's node_modules, the versions
 * the lockfile pins, which keeps the test fast and independent of the network. The same
 * project runs the `pulya` bin end to end (test/helpers/packed-bin-suite.ts).
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildIfNeeded, installTarball } from './helpers/build.js'
import { PACKED_BIN_FIXTURES, describePackedBin } from './helpers/packed-bin-suite.js'

const exec = promisify(execFile)
const ROOT = fileURLToPath(new URL('..', import.meta.url))
const ENTRIES = ['pulya', 'pulya/express', 'pulya/koa'] as const
const REQUIRED_NAMES: Record<(typeof ENTRIES)[number], string[]> = {
  pulya: ['PULYA_ERR_INVALID_OPTION', 'default', 'pulya', 'routeOf'],
  'pulya/express': ['default', 'pulya', 'routeOf'],
  'pulya/koa': ['default', 'pulya', 'routeOf']
}
/**
 * Linked from the repo's node_modules, under the same names: express4 and koa2 are its npm
 * aliases of express@4 and koa@2; tsx and autocannon are what the bin's users install to load
 * a TypeScript app and to bench; @nestjs for pulya/nest.
 */
const HOSTS = ['express4', 'express', 'koa2', 'koa', '@koa/router', '@nestjs', 'tsx', 'autocannon']
const KINDS = ['cjs', 'esm'] as const
type Kind = (typeof KINDS)[number]

interface ModuleReport {
  file: string
  names: string[]
  defaultIsNamed: boolean
  errorCode: unknown
}
interface HostReport {
  host: string
  entry: string
  responses: Array<{ status: number; body: string }>
}
interface Report {
  node: string
  modules: Record<string, ModuleReport>
  hosts: HostReport[]
  routers: HostReport[]
  pkg: { name: string; version: string }
  nest: { file: string; names: string[]; adapter: boolean }
}

async function run(file: string, args: string[], cwd: string): Promise<string> {
  const { stdout } = await exec(file, args, { cwd, maxBuffer: 16 * 1024 * 1024, timeout: 150_000 })
  return stdout
}

// Runs unchanged as CommonJS and as ESM: each prelude supplies `load`, `where` and `pkg`.
const CHECK_BODY = `
const host = (m) => (typeof m === 'function' ? m : m.default)

function get(http, port, path) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => { body += chunk })
      res.on('end', () => { resolve({ status: res.statusCode, body }) })
    }).on('error', reject)
  })
}

async function serve(listener, paths) {
  const http = await load('node:http')
  const server = http.createServer(listener)
  await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve) })
  try {
    const responses = []
    for (const path of paths) responses.push(await get(http, server.address().port, path))
    return responses
  } finally {
    await new Promise((resolve) => { server.close(resolve) })
  }
}

async function main() {
  const report = { node: process.version, modules: {}, hosts: [], routers: [], pkg: null, nest: null }
  const factories = {}
  for (const id of ${JSON.stringify(ENTRIES)}) {
    const m = await load(id)
    let errorCode = null
    try { m.pulya({ nope: 1 }) } catch (error) { errorCode = error instanceof TypeError ? error.code : 'not a TypeError' }
    report.modules[id] = { file: where(id), names: Object.keys(m).sort(), defaultIsNamed: m.default === m.pulya, errorCode }
    factories[id] = m.pulya
  }
  const { name, version } = pkg()
  report.pkg = { name, version }
  const nest = await load('pulya/nest')
  const { ExpressAdapter } = await load('@nestjs/platform-express')
  report.nest = { file: where('pulya/nest'), names: Object.keys(nest).sort(), adapter: new nest.PulyaExpressAdapter() instanceof ExpressAdapter }
  for (const name of ['express4', 'express']) {
    const express = host(await load(name))
    for (const entry of ['pulya', 'pulya/express']) {
      const app = express()
      app.use(factories[entry]())
      app.get('/hello/:name', (req, res) => { res.json({ hello: req.params.name }) })
      report.hosts.push({ host: name, entry, responses: await serve(app, ['/hello/world', '/missing']) })
    }
  }
  for (const name of ['koa2', 'koa']) {
    const Koa = host(await load(name))
    for (const entry of ['pulya', 'pulya/koa']) {
      const app = new Koa()
      app.use(factories[entry]())
      app.use((ctx) => { ctx.body = { path: ctx.path } })
      report.hosts.push({ host: name, entry, responses: await serve(app.callback(), ['/a/b', '/again']) })
    }
    // pulya's Router extends the @koa/router this very dialect loads.
    const { Router } = await load('pulya/koa')
    const KoaRouter = host(await load('@koa/router'))
    const router = new Router({ prefix: '/r' })
    router.get('/:id', (ctx) => { ctx.body = { id: ctx.params.id, isKoaRouter: router instanceof KoaRouter } })
    const app = new Koa()
    app.use(router.routes()).use(router.allowedMethods())
    report.routers.push({ host: name, entry: 'pulya/koa', responses: await serve(app.callback(), ['/r/7', '/r/7', '/x']) })
  }
  process.stdout.write(JSON.stringify(report))
}
main().catch((error) => { console.error(error); process.exitCode = 1 })
`

const CJS_CHECK = `'use strict'
const load = async (id) => require(id)
const where = (id) => require.resolve(id)
const pkg = () => require('pulya/package.json')
${CHECK_BODY}`

const ESM_CHECK = `import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
const load = (id) => import(id)
const where = (id) => fileURLToPath(import.meta.resolve(id))
const pkg = () => createRequire(import.meta.url)('pulya/package.json')
${CHECK_BODY}`

// Compiled as CommonJS (consumer.ts, the consumer package is "type": "commonjs") and as ESM
// (consumer.mts). The hosts are declared by shape only: the published types must not need
// @types/express or @types/koa, and skipLibCheck is off so pulya's .d.ts files are checked too.
const TYPES_CONSUMER = `import pulya, { pulya as named, PULYA_ERR_INVALID_OPTION, type PulyaOptions, type PulyaMiddleware } from 'pulya'
import pulyaExpress, { pulya as namedExpress, type PulyaExpressMiddleware } from 'pulya/express'
import pulyaKoa, { pulya as namedKoa, Router, type PulyaKoaMiddleware, type PulyaRouter } from 'pulya/koa'

declare const expressApp: { use(middleware: (req: object, res: object, next: (err?: unknown) => void) => void): void }
declare const koaApp: { use(middleware: (ctx: object, next: () => Promise<unknown>) => Promise<unknown>): void }

const options: PulyaOptions = { cache: { max: 500, maxKeyLength: 256 }, verify: 0.1 }
const middleware: PulyaMiddleware = named(options)
export const verify: number = middleware.options.verify
export const code: 'PULYA_ERR_INVALID_OPTION' = PULYA_ERR_INVALID_OPTION
export const forExpress: PulyaExpressMiddleware = namedExpress({ verify: true })
export const forKoa: PulyaKoaMiddleware = namedKoa({ cache: false })
expressApp.use(pulya())
expressApp.use(pulyaExpress())
koaApp.use(pulya())
koaApp.use(pulyaKoa())
const router: PulyaRouter = new Router({ prefix: '/api', pulya: { cache: { max: 100 } } })
router.get('/users/:id', (ctx) => { ctx.body = { id: ctx.params.id } }).post('/users', async (_ctx, next) => { await next() })
export const url: string = Router.url('/users/:id', { id: 1 })
export const routes = router.routes()
// @ts-expect-error cache.max is a number
pulya({ cache: { max: '10' } })
// @ts-expect-error there is no such option
pulyaExpress({ nope: true })
// @ts-expect-error verify is a boolean or a number
pulyaKoa({ verify: 'always' })
`

// The same calls against the real host types, as a TypeScript user of Express 5 or Koa 3 writes them.
const TYPES_HOSTS = `import express from 'express'
import Koa from 'koa'
import pulya from 'pulya'
import { pulya as pulyaExpress, createServer } from 'pulya/express'
import { pulya as pulyaKoa } from 'pulya/koa'
import { PulyaExpressAdapter, routeOf } from 'pulya/nest'

const app = express()
app.use(pulya())
app.use(pulyaExpress())
export const server = createServer(app, { keepAliveTimeout: 1000 })
export const again = pulya.createServer(app)
const koa = new Koa()
koa.use(pulya())
koa.use(pulyaKoa())
const adapter = new PulyaExpressAdapter({ metrics: true })
adapter.getInstance<typeof app>().get('/metrics', adapter.metricsHandler())
export const nestRoute: string | undefined = routeOf({})
export const nestServer = adapter.getHttpServer()
`

/** Every file an `exports` map points at: its string leaves, keys aside. */
function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports]
  if (exports === null || typeof exports !== 'object') return []
  return Object.values(exports).flatMap(exportTargets)
}

function tsconfig(files: string[], extra: object): string {
  const compilerOptions = {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    lib: ['es2022'],
    strict: true,
    noEmit: true,
    ...extra
  }
  return JSON.stringify({ compilerOptions, files })
}

let work = ''
let consumer = ''
let packedFiles: string[] = []
let reports: Record<Kind, Promise<Report>>
let typecheck: Promise<string[]>

function tsc(project: string): Promise<string> {
  return run(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', project],
    consumer
  ).catch((error: unknown) =>
    Promise.reject(
      new Error(`tsc -p ${project} failed:\n${String((error as { stdout?: string }).stdout ?? error)}`)
    )
  )
}

beforeAll(async () => {
  await buildIfNeeded()
  work = await realpath(await mkdtemp(join(tmpdir(), 'pulya-package-')))
  consumer = join(work, 'consumer')
  await mkdir(consumer)
  const packed = JSON.parse(
    await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], ROOT)
  ) as Array<{ filename: string; files: Array<{ path: string }> }>
  const tarball = packed[0]
  if (tarball === undefined) throw new Error('npm pack reported no tarball')
  packedFiles = tarball.files.map((file) => file.path)
  await installTarball(join(work, tarball.filename), consumer, {
    name: 'pulya-consumer',
    private: true,
    type: 'commonjs'
  })
  // After the install, which would prune packages the consumer's package.json does not list.
  await mkdir(join(consumer, 'node_modules/@koa'), { recursive: true })
  for (const name of HOSTS)
    await symlink(join(ROOT, 'node_modules', name), join(consumer, 'node_modules', name), 'dir')
  // Node's own types, as every TypeScript project on Node has them (pulya/express exports an
  // http.Server factory); no host framework's types.
  await mkdir(join(consumer, 'node_modules/@types'), { recursive: true })
  await symlink(join(ROOT, 'node_modules/@types/node'), join(consumer, 'node_modules/@types/node'), 'dir')
  await mkdir(join(consumer, 'hosts/node_modules'), { recursive: true })
  await symlink(join(ROOT, 'node_modules/@types'), join(consumer, 'hosts/node_modules/@types'), 'dir')
  await Promise.all([
    ...PACKED_BIN_FIXTURES.map((name) =>
      copyFile(join(ROOT, 'test/fixtures/packed-bin', name), join(consumer, name))
    ),
    writeFile(join(consumer, 'check.cjs'), CJS_CHECK),
    writeFile(join(consumer, 'check.mjs'), ESM_CHECK),
    writeFile(join(consumer, 'consumer.ts'), TYPES_CONSUMER),
    writeFile(join(consumer, 'consumer.mts'), TYPES_CONSUMER),
    writeFile(
      join(consumer, 'tsconfig.json'),
      tsconfig(['consumer.ts', 'consumer.mts'], { types: ['node'], skipLibCheck: false })
    ),
    writeFile(join(consumer, 'hosts/app.ts'), TYPES_HOSTS),
    writeFile(join(consumer, 'hosts/app.mts'), TYPES_HOSTS),
    writeFile(
      join(consumer, 'hosts/tsconfig.json'),
      tsconfig(['app.ts', 'app.mts'], { types: ['node'], skipLibCheck: true })
    )
  ])
  // Started together, awaited by the tests; the no-op catch only keeps a failure from
  // surfacing as an unhandled rejection before its test awaits it.
  const check = async (file: string): Promise<Report> =>
    JSON.parse(await run(process.execPath, [file], consumer)) as Report
  reports = { cjs: check('check.cjs'), esm: check('check.mjs') }
  typecheck = Promise.all([tsc('tsconfig.json'), tsc('hosts/tsconfig.json')])
  for (const pending of [reports.cjs, reports.esm, typecheck]) pending.catch(() => undefined)
}, 180_000)

afterAll(async () => {
  if (work !== '') await rm(work, { recursive: true, force: true })
})

describe('the packed tarball', () => {
  it('holds only the build, package.json, README and LICENSE', async () => {
    // <subpath>/package.json: the folders that serve pulya/express to tools without `exports`.
    expect(
      packedFiles.filter(
        (file) =>
          !/^(dist\/(esm|commonjs)\/.+\.(js|d\.ts|map)|dist\/(esm|commonjs)\/package\.json|([a-z]+\/)?package\.json|README(\.md)?|LICENSE)$/.test(
            file
          )
      )
    ).toEqual([])
    expect(packedFiles).toContain('LICENSE')
    const manifest = JSON.parse(
      await readFile(join(consumer, 'node_modules/pulya/package.json'), 'utf8')
    ) as { exports: unknown }
    const targets = exportTargets(manifest.exports)
    expect(targets.length).toBeGreaterThan(0)
    for (const target of targets) expect(packedFiles).toContain(target.slice(2))
  })

  it.each(KINDS)('%s: loads every entry point from the installed tarball', async (kind) => {
    const { node, modules } = await reports[kind]
    // `npm run test:node24` runs this suite, and so the consumer, on Node 24.
    expect(node).toBe(process.version)
    const build = join(consumer, 'node_modules/pulya/dist', kind === 'cjs' ? 'commonjs' : 'esm') + sep
    for (const id of ENTRIES) {
      expect(modules[id]?.file.slice(0, build.length)).toBe(build)
      expect(modules[id]?.names).toEqual(expect.arrayContaining(REQUIRED_NAMES[id]))
      expect(modules[id]?.defaultIsNamed).toBe(true)
      expect(modules[id]?.errorCode).toBe('PULYA_ERR_INVALID_OPTION')
    }
  })

  it('require() and import() export the same names', async () => {
    const [cjs, esm] = await Promise.all([reports.cjs, reports.esm])
    for (const id of ENTRIES) expect(cjs.modules[id]?.names).toEqual(esm.modules[id]?.names)
  })

  it.each(KINDS)('%s: pulya/nest loads with the installed @nestjs/platform-express', async (kind) => {
    const { nest } = await reports[kind]
    const build = join(consumer, 'node_modules/pulya/dist', kind === 'cjs' ? 'commonjs' : 'esm') + sep
    expect(nest.file.slice(0, build.length)).toBe(build)
    expect(nest.names).toEqual(['FINISH_CHANNEL', 'PulyaExpressAdapter', 'pulyaAdapterClass', 'routeOf'])
    expect(nest.adapter).toBe(true)
  })

  it.each(KINDS)('%s: pulya/package.json resolves', async (kind) => {
    expect((await reports[kind]).pkg).toEqual({ name: 'pulya', version: expect.any(String) as string })
  })

  describe.each(KINDS)('%s: app.use(pulya()) keeps the response', (kind) => {
    it.each([
      ['express@4', 'pulya', 'express4'],
      ['express@4', 'pulya/express', 'express4'],
      ['express@5', 'pulya', 'express'],
      ['express@5', 'pulya/express', 'express']
    ])('%s with %s', async (_label, entry, host) => {
      const found = (await reports[kind]).hosts.find((r) => r.host === host && r.entry === entry)
      expect(found?.responses.map((r) => r.status)).toEqual([200, 404])
      expect(JSON.parse(found?.responses[0]?.body ?? 'null')).toEqual({ hello: 'world' })
    })

    it.each([
      ['koa@2', 'pulya', 'koa2'],
      ['koa@2', 'pulya/koa', 'koa2'],
      ['koa@3', 'pulya', 'koa'],
      ['koa@3', 'pulya/koa', 'koa']
    ])('%s with %s', async (_label, entry, host) => {
      const found = (await reports[kind]).hosts.find((r) => r.host === host && r.entry === entry)
      expect(found?.responses).toEqual([
        { status: 200, body: '{"path":"/a/b"}' },
        { status: 200, body: '{"path":"/again"}' }
      ])
    })

    it.each([
      ['koa@2', 'koa2'],
      ['koa@3', 'koa']
    ])('%s with the Router of pulya/koa, an instance of the @koa/router it loads', async (_label, host) => {
      const found = (await reports[kind]).routers.find((r) => r.host === host)
      const hit = { status: 200, body: '{"id":"7","isKoaRouter":true}' }
      expect(found?.responses).toEqual([hit, hit, { status: 404, body: 'Not Found' }])
    })
  })

  it('its types compile from CommonJS and ESM consumers under module nodenext', async () => {
    expect(await typecheck).toEqual(['', ''])
  }, 60_000)

  it('its types import no host framework', async () => {
    // tsc reads an import of an untyped package in a .d.ts as `any` without a word, so look.
    const declarations = packedFiles.filter((file) => file.endsWith('.d.ts'))
    expect(declarations.length).toBeGreaterThan(0)
    for (const file of declarations) {
      // Block comments go first: the TSDoc examples rightly import the hosts.
      const text = (await readFile(join(consumer, 'node_modules/pulya', file), 'utf8')).replace(
        /\/\*[\s\S]*?\*\//g,
        ''
      )
      expect(text).not.toMatch(/(from|import\(|types=)\s*["'](express|koa|@koa\/|@types\/)/)
    }
  })
})

describePackedBin(
  () => consumer,
  () => (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version
)
