// An Express app that starts its own server as soon as it is loaded, as many apps' entry files
// do (test/cli/cli.test.ts): loaded by the pulya command, that listen must land on a free port
// of 127.0.0.1, never on 3000 for everyone; this process exits 7 if it does not.
const express = require('express4')

const app = express()
app.get('/hello', (_req, res) => {
  res.send('hello')
})
const server = app.listen(3000, () => {
  const { address, port } = server.address()
  if (address !== '127.0.0.1' || port === 3000) process.exit(7)
})
module.exports = app
