// `--require` hook for a checkout of koajs/router or koajs/koa: every `new Koa()` returns the app after
// `app.use(pulya({ smallStack: 0 }))` — pulya first, as the README asks, with every router
// accelerated however small (the suite's routers are small; the default would leave them alone).
// Read from the environment: PULYA_SUITE_ROOT, the pulya package whose dist/ is used (default:
// this repository); PULYA_SUITE_KOA_MAIN, a file whose export is Koa (koajs/koa's own tests load
// it as `require('../..')`; by default only `require('koa')` is wrapped). The number of apps wrapped is printed on exit, so a run in which nothing
// was wrapped cannot pass for a green one.
'use strict'

const Module = require('node:module')
const path = require('node:path')

const ROOT = path.resolve(process.env.PULYA_SUITE_ROOT || path.join(__dirname, '..', '..'))
const { pulya } = require(path.join(ROOT, 'dist/commonjs/koa/index.js'))
const { prepareKoaRespond } = require(path.join(ROOT, 'dist/commonjs/koa/responses/respond-mirror.js'))
const { prepareKoaBody } = require(path.join(ROOT, 'dist/commonjs/koa/responses/body-setter.js'))
const EAGER = process.env.PULYA_SUITE_EAGER_RESPOND === '1'

let wrapped = 0
const proxies = new WeakMap()
const middlewares = []
const apps = []
const requests = new WeakMap()

function wrap(Koa) {
  let proxy = proxies.get(Koa)
  if (proxy === undefined) {
    proxy = new Proxy(Koa, {
      construct(target, args, newTarget) {
        const app = Reflect.construct(target, args, newTarget === proxy ? target : newTarget)
        const middleware = pulya({ smallStack: 0 })
        middlewares.push(middleware)
        apps.push(app)
        // Counts the app's requests, so the exit line can say how many ran pulya's respond
        // (installed on an app's first request, it answers the app's later ones).
        // PULYA_SUITE_EAGER_RESPOND=1: pulya's handleRequest and body setter installed at
        // construction rather than on the app's first request, so that every request of the suite
        // (most apps serve one) runs them; the proofs see the app as constructed.
        if (EAGER) {
          prepareKoaRespond(app)
          prepareKoaBody(app)
        }
        app.use(
          Object.assign(function pulyaCounted(ctx, next) {
            requests.set(app, (requests.get(app) ?? 0) + 1)
            return middleware(ctx, next)
          }, middleware)
        )
        wrapped++
        return app
      }
    })
    proxies.set(Koa, proxy)
  }
  return proxy
}

const KOA_MAIN = process.env.PULYA_SUITE_KOA_MAIN ? path.resolve(process.env.PULYA_SUITE_KOA_MAIN) : null

function isKoa(request, parent) {
  if (request === 'koa') return true
  if (KOA_MAIN === null) return false
  try {
    return Module._resolveFilename(request, parent) === KOA_MAIN
  } catch {
    return false
  }
}

const originalLoad = Module._load
Module._load = function load(request, parent) {
  const exports = originalLoad.apply(this, arguments)
  if (!isKoa(request, parent)) return exports
  if (typeof exports === 'function') return wrap(exports)
  if (exports && typeof exports.default === 'function') return { ...exports, default: wrap(exports.default) }
  return exports
}

process.on('exit', () => {
  const totals = { routers: 0, hits: 0, misses: 0 }
  for (const middleware of middlewares) {
    const stats = middleware.stats()
    totals.routers += stats.routers
    totals.hits += stats.hits
    totals.misses += stats.misses
  }
  // Apps whose response prototype pulya prepared (src/koa/responses/header-setters.ts: known Koa 3 sources).
  const prepared = apps.filter((app) => Object.hasOwn(app.response, 'set')).length
  // Apps with pulya's body setter and handleRequest (src/koa/responses/body-setter.ts, respond-mirror.ts),
  // and the requests those answered after the first.
  const bodies = apps.filter((app) => Object.hasOwn(app.response, 'body')).length
  const responders = apps.filter((app) => Object.hasOwn(app, 'handleRequest'))
  const responded = responders.reduce((sum, app) => sum + (requests.get(app) ?? 0) - (EAGER ? 0 : 1), 0)
  process.stderr.write(
    `pulya: ${wrapped} Koa apps wrapped, ${prepared} with pulya's response work, ${bodies} with its body setter, ${responders.length} with its respond (${responded} requests answered by it), ${totals.routers} routers accelerated, ${totals.hits} cache hits, ${totals.misses} misses (pid ${process.pid})\n`
  )
})
