// The realistic Express API, one module for Express 4 and Express 5 (the same code runs on both,
// as an app does across the upgrade): the usual production stack in front of 44 routes in nested
// routers, each middleware configured the way its own README shows. The handlers are synchronous
// (in-memory data), so both majors route their errors the same way.
//
// Differences from the READMEs, each for the benchmark's sake: express-session's
// `saveUninitialized` is false (true stores a new session for every cookie-less request — the
// MemoryStore would grow for the whole run, and every answer would carry a random Set-Cookie);
// express-rate-limit's limit is high enough never to answer 429 at benchmark rates (it still
// counts every request); morgan writes to a stream on the null device, like its "log file" example.
import { createWriteStream } from 'node:fs'
import { devNull } from 'node:os'
import compression from 'compression'
import cookieParser from 'cookie-parser'
import cors from 'cors'
import session from 'express-session'
import { rateLimit } from 'express-rate-limit'
import helmet from 'helmet'
import morgan from 'morgan'
import {
  ALLOWED_ORIGIN,
  API_INDEX,
  CATEGORIES,
  FORBIDDEN,
  NOT_FOUND,
  SESSION,
  UNAUTHORIZED,
  USER_ID,
  byId,
  cancelOrder,
  createItem,
  createOrder,
  createReview,
  createStore,
  createUser,
  issueToken,
  login,
  orderFor,
  ordersOf,
  page,
  patchItem,
  patchUser,
  replaceItem,
  stats,
  userOfToken
} from './store.mjs'

/** What the rate limiter allows per client per minute: never reached by a benchmark. */
export const RATE_LIMIT = 10_000_000

function send(res, answer) {
  res.status(answer.status).json(answer.body)
}

function notFound(req, res) {
  res.status(404).json(NOT_FOUND)
}

/** The session's user, then a bearer token's. */
function currentUser(store, req) {
  const id = req.session?.userId
  return id ? store.users[id - 1] : userOfToken(store, req.get('authorization'))
}

function authRouter(express, store) {
  const router = express.Router()
  router.post('/login', (req, res, next) => {
    const user = login(store, req.body)
    if (!user) return res.status(401).json(UNAUTHORIZED)
    // As express-session's README logs a user in: a new session id, then the user on it.
    req.session.regenerate((err) => {
      if (err) return next(err)
      req.session.userId = user.id
      res.json({ id: user.id, name: user.name })
    })
  })
  router.post('/logout', (req, res, next) => {
    req.session.destroy((err) => (err ? next(err) : res.sendStatus(204)))
  })
  router.post('/token', (req, res) => send(res, issueToken(req.body)))
  router.get('/me', (req, res) => {
    const user = currentUser(store, req)
    if (!user) return res.status(401).json(UNAUTHORIZED)
    res.json({
      id: user.id,
      name: user.name,
      role: user.role,
      via: req.session?.userId ? 'session' : 'token'
    })
  })
  return router
}

function usersRouter(express, store, requireUser, requireAdmin) {
  const router = express.Router()
  const orders = express.Router({ mergeParams: true })
  orders.get('/', requireUser, (req, res) => res.json(ordersOf(store, req.params.userId)))
  orders.get('/:orderId', requireUser, (req, res) => {
    const order = orderFor(store, req.user, req.params.orderId)
    if (!order || order.userId !== Number(req.params.userId)) return notFound(req, res)
    res.json(order)
  })
  router.use('/:userId/orders', orders)
  router.get('/', (req, res) => res.json(page(store.users, req.query)))
  router.post('/', requireUser, requireAdmin, (req, res) => send(res, createUser(store, req.body)))
  router.get('/:id', (req, res) => {
    const user = byId(store.users, req.params.id)
    if (!user) return notFound(req, res)
    res.json(user)
  })
  router.put('/:id', requireUser, (req, res) => send(res, patchUser(store, req.params.id, req.body)))
  router.patch('/:id', requireUser, (req, res) => send(res, patchUser(store, req.params.id, req.body)))
  router.delete('/:id', requireUser, requireAdmin, (req, res) => {
    const user = byId(store.users, req.params.id)
    if (!user) return notFound(req, res)
    user.active = false
    res.sendStatus(204)
  })
  return router
}

function itemsRouter(express, store, requireUser) {
  const router = express.Router()
  // Loads the item once for every route with an :id, the way router.param is meant to be used.
  router.param('id', (req, res, next, id) => {
    const item = byId(store.items, id)
    if (!item) return notFound(req, res)
    req.item = item
    next()
  })
  router.get('/', (req, res) => res.json(page(store.items, req.query)))
  router.get('/categories', (req, res) => res.json(CATEGORIES))
  router.get('/search', (req, res) => res.json(page(store.items, { ...req.query, limit: '10' })))
  router.post('/', requireUser, (req, res) => send(res, createItem(store, req.body)))
  router.get('/:id', (req, res) => res.json(req.item))
  router.put('/:id', requireUser, (req, res) => send(res, replaceItem(store, req.params.id, req.body)))
  router.patch('/:id', requireUser, (req, res) => send(res, patchItem(store, req.params.id, req.body)))
  router.delete('/:id', requireUser, (req, res) => {
    req.item.archived = true
    res.sendStatus(204)
  })
  router.get('/:id/stock', (req, res) => res.json({ id: req.item.id, stock: req.item.stock }))
  router.get('/:id/reviews', (req, res) => res.json(store.reviews.get(req.item.id) ?? []))
  router.post('/:id/reviews', requireUser, (req, res) => send(res, createReview(store, req.body)))
  return router
}

function ordersRouter(express, store) {
  const router = express.Router()
  const own = (req, res, next) => {
    const order = orderFor(store, req.user, req.params.id)
    if (!order) return notFound(req, res)
    req.order = order
    next()
  }
  router.get('/', (req, res) => res.json(page(ordersOf(store, req.user.id), req.query, 'status')))
  router.post('/', (req, res) => send(res, createOrder(store, req.user, req.body)))
  router.get('/:id', own, (req, res) => res.json(req.order))
  router.patch('/:id', own, (req, res) => {
    if (typeof req.body?.note === 'string') req.order.note = req.body.note.slice(0, 200)
    res.json(req.order)
  })
  router.delete('/:id', (req, res) => res.sendStatus(cancelOrder(store, req.params.id)))
  router.post('/:id/pay', own, (req, res) =>
    res.json({ id: req.order.id, paid: true, total: req.order.total })
  )
  router.get('/:id/invoice', own, (req, res) =>
    res.type('text/plain').send(`Invoice #${req.order.id}\nTotal: ${req.order.total.toFixed(2)}\n`)
  )
  return router
}

function adminRouter(express, store) {
  const router = express.Router()
  router.get('/stats', (req, res) => res.json(stats(store)))
  router.get('/users', (req, res) => res.json(page(store.users, { ...req.query, sort: 'role' })))
  router.patch('/users/:id/role', (req, res) => {
    const user = byId(store.users, req.params.id)
    if (!user) return notFound(req, res)
    if (req.body?.role === 'admin' || req.body?.role === 'member') user.role = req.body.role
    res.json(user)
  })
  router.get('/audit', (req, res) => res.json(store.audit))
  router.post('/cache/flush', (req, res) => res.sendStatus(204))
  router.get('/config', (req, res) => res.json({ rateLimit: RATE_LIMIT, sessions: 'memory' }))
  return router
}

function apiRouter(express, store) {
  const requireUser = (req, res, next) => {
    const user = currentUser(store, req)
    if (!user) return res.status(401).set('WWW-Authenticate', 'Bearer realm="api"').json(UNAUTHORIZED)
    req.user = user
    next()
  }
  const requireAdmin = (req, res, next) =>
    req.user.role === 'admin' ? next() : res.status(403).json(FORBIDDEN)
  const api = express.Router()
  api.get('/', (req, res) => res.json(API_INDEX))
  api.get('/version', (req, res) => res.json({ version: API_INDEX.version }))
  api.get('/search', (req, res) =>
    res.json({ users: page(store.users, req.query).data, items: page(store.items, req.query).data })
  )
  api.get('/categories/:slug/items', (req, res) =>
    res.json(
      page(
        store.items.filter((i) => i.category === req.params.slug),
        req.query
      )
    )
  )
  api.get('/prefs', (req, res) =>
    res.json({ theme: req.cookies.theme ?? 'light', lang: req.signedCookies.lang ?? 'en' })
  )
  api.put('/prefs', (req, res) => {
    const theme = req.body?.theme === 'dark' ? 'dark' : 'light'
    res.cookie('theme', theme, { httpOnly: true, sameSite: 'lax' }).json({ theme })
  })
  api.use('/auth', authRouter(express, store))
  api.use('/users', usersRouter(express, store, requireUser, requireAdmin))
  api.use('/items', itemsRouter(express, store, requireUser))
  api.use('/orders', requireUser, ordersRouter(express, store))
  api.use('/admin', requireUser, requireAdmin, adminRouter(express, store))
  api.use(notFound)
  return api
}

/**
 * The session the mix's cookie names, put in the store before the first request (a user who
 * logged in earlier), so requests with it read a session and none creates one.
 */
function seedSession(store) {
  return new Promise((resolve, reject) => {
    store.set(
      SESSION.id,
      { cookie: { originalMaxAge: null, expires: null, httpOnly: true, path: '/' }, userId: USER_ID },
      (err) => (err ? reject(err) : resolve())
    )
  })
}

/**
 * The realistic Express app.
 * @param {Function} express express@4 or express@5
 * @param {Function | null} first a middleware used before everything else (pulya), or null
 * @returns {Promise<Function>} the app, its session store seeded
 */
export async function createRealisticExpressApp(express, first) {
  const store = createStore()
  const sessions = new session.MemoryStore()
  await seedSession(sessions)
  const app = express()
  if (first) app.use(first)
  app.use(helmet())
  app.use(cors({ origin: ALLOWED_ORIGIN, credentials: true }))
  app.use(compression())
  app.use(morgan('combined', { stream: createWriteStream(devNull, { flags: 'a' }) }))
  app.use(express.json())
  app.use(express.urlencoded({ extended: false }))
  app.use(cookieParser(SESSION.secret))
  app.use(
    session({
      name: SESSION.cookieName,
      secret: SESSION.secret,
      store: sessions,
      resave: false,
      saveUninitialized: false
    })
  )
  app.get('/health', (req, res) => res.json({ status: 'ok' }))
  app.use(
    '/api',
    rateLimit({ windowMs: 60 * 1000, limit: RATE_LIMIT, standardHeaders: 'draft-8', legacyHeaders: false })
  )
  app.use('/api/v1', apiRouter(express, store))
  // Errors as JSON: body-parser's (400, 413, 415) keep their status; anything else is a 500.
  app.use((err, req, res, next) => {
    if (res.headersSent) return next(err)
    const status = err.status >= 400 && err.status < 500 ? err.status : 500
    res.status(status).json({ error: status === 500 ? 'internal' : (err.type ?? 'bad_request') })
  })
  return app
}
