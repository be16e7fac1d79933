// An Express 4 app (CommonJS, a factory under a named export) for test/cli/cli.test.ts.
const express = require('express4')

exports.createApp = function createApp() {
  const app = express()
  const api = express.Router()
  api.get('/orders/:id', (req, res) => {
    res.json({ id: req.params.id })
  })
  api.get('/', (_req, res) => {
    res.send('api')
  })
  app.use('/api/v1', api)
  app.get('/health', (_req, res) => {
    res.send('ok')
  })
  return app
}
