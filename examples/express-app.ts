/**
 * An Express app with pulya: the one line is `app.use(pulya())`. Run it with
 * `npx tsx examples/express-app.ts` (or after `npm run build`, from plain JS the same way).
 */
import express from 'express'
import pulya from 'pulya'

/** Builds the example app; the test in test/examples.test.ts keeps it working. */
export function createApp(): express.Express {
  const app = express()
  app.use(pulya())
  const users = express.Router()
  users.get('/:id', (req, res) => {
    res.json({ id: req.params['id'], base: req.baseUrl })
  })
  app.use('/users', users)
  app.get('/health', (_req, res) => {
    res.send('ok')
  })
  return app
}

if (process.argv[1]?.endsWith('express-app.ts') === true) {
  // app.listen: pulya creates the server, so requests already carry Express's prototypes.
  createApp().listen(3000, '127.0.0.1', () => {
    console.log('listening on http://127.0.0.1:3000')
  })
}
