// An Express 5 app for `pulya routes` / `pulya check` (test/cli/cli.test.ts): nested routers,
// a sub-app, app.route(), a wildcard, and a route whose answer is random (nondeterministic).
import express from 'express'

const app = express()
const users = express.Router()
const posts = express.Router({ mergeParams: true })
posts.get('/:postId', (req, res) => {
  res.json({ user: req.params.id, post: req.params.postId })
})
users.get('/:id', (req, res) => {
  res.json({ id: req.params.id })
})
users.use('/:id/posts', posts)
app.use('/users', users)
const admin = express()
admin.get('/stats', (_req, res) => {
  res.type('text').send('stats')
})
app.use('/admin', admin)
app
  .route('/items')
  .get((_req, res) => {
    res.send('items')
  })
  .post((_req, res) => {
    res.sendStatus(201)
  })
app.get('/files/*path', (req, res) => {
  res.json(req.params.path)
})
app.get('/random', (_req, res) => {
  res.json({ value: Math.random() })
})
export default app
