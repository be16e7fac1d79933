/**
 * `pulya explain` for Express 4 and 5 apps: each router of the app (its own, nested routers,
 * sub-apps) with its index and why not, each response feature on or why not — read from the
 * install pulya keeps, changing nothing (explained twice, the same answer).
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { explainExpressApp } from '../../src/express/explain.js'
import { accelerate, pulya, warm } from '../../src/express/index.js'
import { appStack, recordMountedApps } from '../../src/express/routing/route-tree.js'
import { EXPRESS_HOSTS, type ExpressFactory } from '../helpers/hosts.js'
import { EXPRESS_MODULES, fakeExpress, moduleCache } from './_fake-express.js'

type App = ReturnType<ExpressFactory>
const noop = (): void => undefined

/** `n` GET routes `/r0`… on `target`. */
function routes(target: { get: (path: string, fn: () => void) => unknown }, n: number): void {
  for (let i = 0; i < n; i++) target.get(`/r${i}`, noop)
}

/** What a running app reaches: its router read (its first request does), every index built. */
function running(app: App): App {
  appStack(app)
  warm(app)
  return app
}

describe.each(EXPRESS_HOSTS)('$name: explainExpressApp, routers', ({ express }) => {
  /** pulya first (or after); 8 routes and an unreadable RegExp one; a small router at /api; a sub-app at /admin. */
  function built(install: 'first' | 'after'): App {
    const app = express()
    if (install === 'first') app.use(pulya())
    routes(app, 8)
    app.get(/^\/(old|legacy)/, noop)
    const api = express.Router()
    routes(api, 2)
    app.use('/api', api)
    const admin = express()
    routes(admin, 1)
    app.use('/admin', admin)
    if (install === 'after') {
      // As the command's app process records them while the module loads.
      recordMountedApps(app, [admin])
      accelerate(app)
    }
    return running(app)
  }

  it('every router in the order Express tries them; the big one indexed with its unread layer named; the small ones left alone', () => {
    const { routers, installed } = explainExpressApp(built('first'))
    expect(installed).toBe(true)
    expect(routers.map((r) => [r.name, r.accelerated, r.indexed, r.reason?.code ?? null])).toEqual([
      ["the app's router", true, true, null],
      ['router at /api', true, false, 'small'],
      ['sub-app at /admin', true, false, 'small']
    ])
    expect(routers[0]).toMatchObject({ narrows: true, unreadCount: 1, unread: [{ path: '<regexp>' }] })
  })

  it('cache: false: the big router still indexed, its route cache off', () => {
    const app = express()
    app.use(pulya({ cache: false }))
    routes(app, 8)
    expect(explainExpressApp(running(app)).routers[0]).toMatchObject({
      indexed: true,
      cached: false,
      reason: null
    })
  })

  it('a sub-app mounted before pulya was installed: not met, and said to be a sub-app', () => {
    const admin = explainExpressApp(built('after')).routers.find((r) => r.name === 'sub-app at /admin')
    expect(admin?.reason).toEqual({ code: 'not-met', subApp: true })
  })

  it('changes nothing: explained twice, the same answer', () => {
    const app = built('first')
    expect(explainExpressApp(app)).toEqual(explainExpressApp(app))
  })

  it('without pulya: not installed, its routers not met; an app with no router yet: none', () => {
    const app = express()
    routes(app, 1)
    expect(explainExpressApp(app)).toMatchObject({
      installed: false,
      routers: [{ reason: { code: 'not-met' } }]
    })
    expect(explainExpressApp(express()).routers).toEqual(
      typeof (express() as { lazyrouter?: unknown }).lazyrouter === 'function'
        ? []
        : [expect.objectContaining({ name: "the app's router", layers: 0 })]
    )
  })
})

describe.each(EXPRESS_HOSTS)('$name: explainExpressApp, response features', ({ express }) => {
  it('a known Express: every feature on, the host named', () => {
    const app = running(express().use(pulya()))
    const explanation = explainExpressApp(app)
    expect(explanation.host).toMatchObject({ name: 'express', version: expect.any(String) as string })
    expect(explanation.host.file).toMatch(/lib[\\/]application\.js$/)
    expect(explanation.features.map((f) => [f.feature, f.on])).toEqual([
      ['res.send, res.json and res.sendStatus', true],
      ['the default 404 and error pages', true],
      ['server classes', true]
    ])
  })

  it('an app module that exports the app, loaded before Express: Express still found', () => {
    const app = running(express().use(pulya()))
    const application = explainExpressApp(app).host.file as string
    const entry = moduleCache[application]
    // The app's module is cached before the Express it requires, and its exports carry the same methods.
    moduleCache[join(tmpdir(), 'app.js')] = { exports: app } as unknown as NodeJS.Module
    onTestFinished(() => {
      Reflect.deleteProperty(moduleCache, join(tmpdir(), 'app.js'))
    })
    Reflect.deleteProperty(moduleCache, application)
    moduleCache[application] = entry
    expect(explainExpressApp(app).host).toEqual({
      name: 'express',
      version: expect.any(String) as string,
      file: application
    })
  })

  it('options off: each feature says which', () => {
    const app = running(express().use(pulya({ responses: false, serverClasses: false })))
    expect(explainExpressApp(app).features.map((f) => f.reason)).toEqual([
      { code: 'option-off', option: 'responses' },
      { code: 'option-off', option: 'responses' },
      { code: 'option-off', option: 'serverClasses' }
    ])
  })

  it("the app's own res.send: the mirror left to it", () => {
    const app = express()
    ;(app as unknown as { response: { send: () => void } }).response.send = noop
    app.use(pulya())
    expect(explainExpressApp(running(app)).features[0]?.reason).toEqual({
      code: 'app-own',
      member: 'res.send'
    })
  })
})

/**
 * An app-like object of a fake Express copy (test/express/_fake-express.ts) with `files` in its
 * lib/, its dependencies linked: what explain finds from `defaultConfiguration`.
 */
function fakeApp(files: Record<string, string>): object {
  const handle = fakeExpress(files, true)
  const entry = Object.values(moduleCache).find(
    (module) => (module?.exports as { handle?: unknown } | undefined)?.handle === handle
  )
  const { defaultConfiguration } = entry?.exports as { defaultConfiguration: unknown }
  return { defaultConfiguration, response: {} }
}

describe('explainExpressApp: an Express copy pulya does not know', () => {
  const response =
    'exports.send = function send() {}; exports.json = function json() {}; exports.sendStatus = function sendStatus() {}; exports.set = function set() {}; exports.type = function type() {}'

  it("its res.send and logerror are texts pulya does not know: off, each named with the host's file", () => {
    const features = explainExpressApp(
      fakeApp({ 'response.js': response, 'utils.js': 'exports.setCharset = function () {}' })
    ).features
    expect(features.map((f) => f.reason)).toEqual([
      {
        code: 'unknown-source',
        member: 'res.send',
        file: expect.stringMatching(/lib[\\/]response\.js$/) as string,
        version: null
      },
      {
        code: 'unknown-source',
        member: 'logerror',
        file: expect.stringMatching(/lib[\\/]application\.js$/) as string,
        version: null
      },
      { code: 'not-met' }
    ])
  })

  it("an app whose Express cannot be found (a bundle): pulya leaves Express's own", () => {
    const reasons = explainExpressApp({ defaultConfiguration: noop }).features.map((f) => f.reason?.code)
    expect(reasons).toEqual(['left-alone', 'left-alone', 'not-met'])
    expect(explainExpressApp({}).host).toEqual({ name: 'express', version: null, file: null })
  })

  it('a finalhandler pulya does not reproduce, or with its debug log on: not needed, and why', () => {
    const old = fakeApp({})
    const root = mkdtempSync(join(tmpdir(), 'pulya-fh-debug-'))
    const fh = join(root, 'node_modules', 'finalhandler')
    mkdirSync(join(fh, 'node_modules', 'debug'), { recursive: true })
    writeFileSync(join(fh, 'package.json'), '{"name":"finalhandler","version":"2.1.0","main":"index.js"}')
    writeFileSync(join(fh, 'index.js'), 'module.exports = function () {}')
    writeFileSync(join(fh, 'node_modules', 'debug', 'index.js'), 'module.exports = () => ({ enabled: true })')
    for (const name of ['encodeurl', 'escape-html', 'parseurl', 'statuses', 'on-finished'])
      symlinkSync(join(EXPRESS_MODULES, name), join(fh, 'node_modules', name), 'dir')
    mkdirSync(join(root, 'lib'))
    writeFileSync(join(root, 'lib', 'application.js'), '')
    const defaultConfiguration = (): void => undefined
    moduleCache[join(root, 'lib', 'application.js')] = {
      exports: { handle: noop, defaultConfiguration }
    } as unknown as NodeJS.Module
    expect(explainExpressApp({ defaultConfiguration }).features[1]?.reason).toEqual({
      code: 'not-needed',
      why: "finalhandler's debug log is on (DEBUG), so pulya stays out of its way"
    })
    expect(explainExpressApp(old).features[1]?.reason).toMatchObject({ code: 'unknown-source' })
  })
})
