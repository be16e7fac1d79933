// jest `setupFiles` script for a checkout of koajs/koa v2 (its suite runs on jest, whose module
// registry does not go through `Module._load`, so inject.cjs's `--require` hook cannot reach it):
// loads the checkout's `lib/application.js` through jest's own `require` — the copy the test file
// then gets — and wraps `Application.prototype.callback` so that every app gets `pulya({
// smallStack: 0 })` as its first middleware, once, before its middleware is composed, as
// `app.use(pulya())` written first would. pulya is loaded through jest's `require` too, so the run
// also proves its CommonJS build loads under the checkout's jest. Read from the environment:
// PULYA_SUITE_ROOT, the pulya package whose dist/ is used (default: this repository);
// PULYA_SUITE_KOA_MAIN, Koa's main file (default: `lib/application.js` under the working
// directory); PULYA_SUITE_COUNT_FILE, a file that gets one line per app wrapped, so a run in which
// nothing was wrapped cannot pass for a green one.
'use strict'

const fs = require('fs')
const path = require('path')

const ROOT = path.resolve(process.env.PULYA_SUITE_ROOT || path.join(__dirname, '..', '..'))
const KOA_MAIN = path.resolve(
  process.env.PULYA_SUITE_KOA_MAIN || path.join(process.cwd(), 'lib', 'application.js')
)
const COUNT_FILE = process.env.PULYA_SUITE_COUNT_FILE

const { pulya } = require(path.join(ROOT, 'dist', 'commonjs', 'koa', 'index.js'))
const Application = require(KOA_MAIN)

const wrapped = new WeakSet()
const callback = Application.prototype.callback
Application.prototype.callback = function pulyaFirst() {
  if (!wrapped.has(this)) {
    wrapped.add(this)
    this.middleware.unshift(pulya({ smallStack: 0 }))
    if (COUNT_FILE) fs.appendFileSync(COUNT_FILE, 'app\n')
  }
  return callback.apply(this, arguments)
}
