'use strict'
// @sentry/node, started as its docs say: an instrument file preloaded with `--require`,
// calling Sentry.init before the app loads its framework (the DSN from SENTRY_DSN points at
// the test's local collector), and the framework's error handler set up after the routes.
// PULYA_SENTRY names the SDK package: @sentry/node, or this repo's alias of an older line.
const Sentry = require(process.env.PULYA_SENTRY ?? '@sentry/node')

Sentry.init({ tracesSampleRate: 1.0 })

globalThis[Symbol.for('pulya.test.agent')] = {
  setupApp(kind, app) {
    if (kind === 'express') Sentry.setupExpressErrorHandler(app)
    else Sentry.setupKoaErrorHandler(app)
  },
  // A transaction is sent when its root span ends, just after the response.
  settle: () => new Promise((resolve) => setTimeout(resolve, 30)),
  async records() {
    await Sentry.flush(5000)
    return null
  }
}
