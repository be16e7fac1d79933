// `--require` hook for a checkout of koajs/router: the checkout's own Router (its `src/index.ts`,
// as the suite imports it with `import Router from '../src'`) is replaced by pulya's Router built
// on top of it — `createRouterClass(CheckoutRouter, { smallStack: 0 })`, so every router of the
// suite, however small, answers `match()` from pulya's cache. Everything else of the checkout
// (Layer, utils, types) is its own.
// Read from the environment: PULYA_SUITE_ROOT, the pulya package whose dist/ is used (default:
// this repository); PULYA_SUITE_ROUTER_ENTRY, the checkout file to replace (default: src/index.ts
// under the current directory). Counts are printed on exit, so a run in which nothing was
// replaced cannot pass for a green one.
'use strict'

const Module = require('node:module')
const path = require('node:path')

const ROOT = path.resolve(process.env.PULYA_SUITE_ROOT || path.join(__dirname, '..', '..'))
const { createRouterClass } = require(path.join(ROOT, 'dist/commonjs/koa/index.js'))
const { koaRouterStateOf } = require(path.join(ROOT, 'dist/commonjs/koa/routing/cached-match.js'))
const { sumRoutingStats } = require(path.join(ROOT, 'dist/commonjs/core/stats.js'))

const ENTRY = path.resolve(
  process.env.PULYA_SUITE_ROUTER_ENTRY || path.join(process.cwd(), 'src', 'index.ts')
)

let replaced = 0
const built = new WeakMap()
const routers = []

function pulyaRouterFor(Base) {
  let Router = built.get(Base)
  if (Router === undefined) {
    const Pulya = createRouterClass(Base, { smallStack: 0 })
    // Counted as they are made, to read their cache counters on exit.
    Router = new Proxy(Pulya, {
      construct(target, args, newTarget) {
        const router = Reflect.construct(target, args, newTarget === Router ? target : newTarget)
        routers.push(router)
        return router
      }
    })
    built.set(Base, Router)
    replaced++
  }
  return Router
}

const originalLoad = Module._load
Module._load = function load(request, parent) {
  const exports = originalLoad.apply(this, arguments)
  let resolved
  try {
    resolved = Module._resolveFilename(request, parent)
  } catch {
    return exports
  }
  if (resolved !== ENTRY || !exports || typeof exports.default !== 'function') return exports
  const Router = pulyaRouterFor(exports.default)
  return { ...exports, __esModule: true, default: Router, Router }
}

process.on('exit', () => {
  // Every router pulya's class constructs has its state from the start.
  const totals = sumRoutingStats(routers.map(koaRouterStateOf))
  process.stderr.write(
    `pulya: Router replaced ${replaced}×, ${routers.length} routers created, ${totals.hits} cache hits, ${totals.misses} misses (pid ${process.pid})\n`
  )
})
