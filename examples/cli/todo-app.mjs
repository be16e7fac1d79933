// An Express 5 app with state for `pulya check --openapi/--har/--methods` (test/cli/cli.test.ts):
// POST creates todos with increasing ids, PUT and DELETE change them, so every app process must
// see the same requests in the same order. /favicon.ico is answered by a middleware, not a route.
import express from 'express'

export function createApp() {
  const app = express()
  const todos = new Map([[1, { id: 1, title: 'write tests', done: false }]])
  let nextId = 2
  app.use(express.json())
  app.use((req, res, next) => {
    if (req.path === '/favicon.ico') res.type('image/x-icon').send(Buffer.from([0, 0, 1, 0]))
    else next()
  })
  const api = express.Router()
  api.get('/todos', (req, res) => {
    const limit = Number(req.query.limit ?? 100)
    res.json(
      [...todos.values()]
        .filter((t) => req.query.done === undefined || String(t.done) === req.query.done)
        .slice(0, limit)
    )
  })
  api.post('/todos', (req, res) => {
    if (typeof req.body?.title !== 'string') return res.status(400).json({ error: 'title is required' })
    const todo = { id: nextId++, title: req.body.title, done: false }
    todos.set(todo.id, todo)
    res.status(201).location(`/api/todos/${todo.id}`).json(todo)
  })
  api
    .route('/todos/:id')
    .get((req, res) => {
      const todo = todos.get(Number(req.params.id))
      todo ? res.json(todo) : res.sendStatus(404)
    })
    .put((req, res) => {
      const todo = todos.get(Number(req.params.id))
      if (!todo) return res.sendStatus(404)
      Object.assign(todo, { title: req.body?.title ?? todo.title, done: req.body?.done ?? todo.done })
      res.json(todo)
    })
    .delete((req, res) => {
      res.sendStatus(todos.delete(Number(req.params.id)) ? 204 : 404)
    })
  api.get('/whoami', (req, res) => {
    res.json({ user: req.get('x-user') ?? null, lang: req.acceptsLanguages('en', 'fr') || null })
  })
  app.use('/api', api)
  return app
}

export default createApp
