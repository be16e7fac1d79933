// Mocha `--require` hook for a checkout of expressjs/express: every `express()` call returns the
// app after `app.use(pulya())`, which is exactly what the README asks users to write.
//
// Read from the environment (run.mjs sets them):
//   PULYA_SUITE_CHECKOUT  the Express checkout whose lib/express.js is wrapped (default: cwd)
//   PULYA_SUITE_ENTRY     'pulya' (default) or 'pulya/express': which built entry provides pulya()
//   PULYA_SUITE_OPTIONS   optional JSON passed to pulya(options)
//   PULYA_SUITE_ROOT      the pulya package whose dist/ is used (default: this repository)
//   PULYA_SUITE_SERVE     'pulya': every server the suite makes for a wrapped app (supertest's
//                         `http.createServer(app)`) is pulya's `createServer(app)` instead, so the
//                         whole suite runs on requests built from pulya's server classes
//
// It leaves its count on `process[Symbol.for('pulya.express-suite')]` for reporter.cjs, so a run in
// which no app was ever wrapped cannot pass for a green one. (Not on `global`: the suite runs
// mocha with --check-leaks.)
'use strict'

const Module = require('node:module')
const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.resolve(process.env.PULYA_SUITE_ROOT || path.join(__dirname, '..', '..'))
const ENTRIES = {
  pulya: 'dist/commonjs/index.js',
  'pulya/express': 'dist/commonjs/express/index.js'
}

const entryName = process.env.PULYA_SUITE_ENTRY || 'pulya'
if (!Object.hasOwn(ENTRIES, entryName)) {
  throw new TypeError(
    `PULYA_SUITE_ENTRY must be one of ${Object.keys(ENTRIES).join(', ')}, got "${entryName}"`
  )
}
const entryFile = path.join(ROOT, ENTRIES[entryName])
const options = process.env.PULYA_SUITE_OPTIONS ? JSON.parse(process.env.PULYA_SUITE_OPTIONS) : undefined
const checkout = path.resolve(process.env.PULYA_SUITE_CHECKOUT || process.cwd())
// Wrapping lib/express.js (not index.js) also catches the examples that skip the package entry:
// examples/route-map and examples/route-middleware do `require('../../lib/express')`.
const target = require.resolve(path.join(checkout, 'lib', 'express.js'))

// Loaded lazily so that a missing build fails the first test that creates an app, loudly,
// rather than mocha's start-up with a stack that hides the cause.
let createPulya = null
function loadPulya() {
  if (createPulya === null) {
    if (!fs.existsSync(entryFile)) {
      throw new Error(`pulya is not built: ${entryFile} is missing (run \`npm run build\` in ${ROOT})`)
    }
    createPulya = require(entryFile).pulya
  }
  return createPulya
}

const stats = { injected: 0, served: 0, entry: entryName, entryFile, target }
const apps = new WeakSet()

if (process.env.PULYA_SUITE_SERVE === 'pulya') {
  const http = require('node:http')
  const createServer = http.createServer
  http.createServer = function (...args) {
    // (listener) or (options, listener); options that already name classes are pulya's own call.
    const options = typeof args[0] === 'object' && args[0] !== null ? args[0] : null
    const listener = options === null ? args[0] : args[1]
    if (!apps.has(listener) || (options !== null && options.IncomingMessage !== undefined))
      return createServer.apply(this, args)
    stats.served++
    return require(path.join(ROOT, ENTRIES.pulya)).pulya.createServer(listener, options ?? {})
  }
}
process[Symbol.for('pulya.express-suite')] = stats
const wrappers = new WeakMap()

// A Proxy rather than a copy: `express.Router`, `express.static`, `express.application` and the
// rest stay the original's own properties (reads and writes reach the real export), and
// `length`, `name` and `prototype` are the original's too. Only the call is intercepted.
function wrap(express) {
  let wrapper = wrappers.get(express)
  if (wrapper === undefined) {
    wrapper = new Proxy(express, {
      apply(fn, thisArg, args) {
        const app = Reflect.apply(fn, thisArg, args)
        app.use(loadPulya()(options))
        apps.add(app)
        stats.injected++
        return app
      }
    })
    wrappers.set(express, wrapper)
  }
  return wrapper
}

const originalLoad = Module._load
Module._load = function load(request, parent, isMain) {
  const exports = originalLoad.apply(this, arguments)
  if (typeof exports !== 'function') return exports
  let filename
  try {
    filename = Module._resolveFilename(request, parent, isMain)
  } catch {
    // Builtins and other requests that loaded without a file path cannot be the target.
    return exports
  }
  return filename === target ? wrap(exports) : exports
}
