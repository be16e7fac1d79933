// The realistic Koa API: the usual production stack (an error handler answering JSON, a timing
// logger that sets X-Response-Time the way Koa's own README shows, koa-helmet, @koa/cors,
// koa-compress, @koa/bodyparser) in front of the same 43 routes and data as the Express app, in
// nested @koa/router routers. Signed cookies (Koa's `app.keys`) name a logged-in user, where the
// Express app has sessions. The logger writes to a stream on the null device.
import { createWriteStream } from 'node:fs'
import { devNull } from 'node:os'
import { bodyParser } from '@koa/bodyparser'
import cors from '@koa/cors'
import KoaRouter from '@koa/router'
import compress from 'koa-compress'
import helmet from 'koa-helmet'
import {
  ALLOWED_ORIGIN,
  API_INDEX,
  CATEGORIES,
  FORBIDDEN,
  KOA_KEYS,
  KOA_USER_COOKIE,
  NOT_FOUND,
  UNAUTHORIZED,
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

function reply(ctx, answer) {
  ctx.status = answer.status
  ctx.body = answer.body
}

function notFound(ctx) {
  ctx.status = 404
  ctx.body = NOT_FOUND
}

/** The signed cookie's user, then a bearer token's. */
function currentUser(store, ctx) {
  const id = ctx.cookies.get(KOA_USER_COOKIE, { signed: true })
  return id ? byId(store.users, id) : userOfToken(store, ctx.get('authorization'))
}

function authRouter(Router, store) {
  const router = new Router()
  router.post('/login', (ctx) => {
    const user = login(store, ctx.request.body)
    if (!user) return reply(ctx, { status: 401, body: UNAUTHORIZED })
    ctx.cookies.set(KOA_USER_COOKIE, String(user.id), { signed: true, httpOnly: true, sameSite: 'lax' })
    ctx.body = { id: user.id, name: user.name }
  })
  router.post('/logout', (ctx) => {
    ctx.cookies.set(KOA_USER_COOKIE, null, { signed: true })
    ctx.status = 204
  })
  router.post('/token', (ctx) => reply(ctx, issueToken(ctx.request.body)))
  router.get('/me', (ctx) => {
    const user = currentUser(store, ctx)
    if (!user) return reply(ctx, { status: 401, body: UNAUTHORIZED })
    const via = ctx.cookies.get(KOA_USER_COOKIE, { signed: true }) ? 'session' : 'token'
    ctx.body = { id: user.id, name: user.name, role: user.role, via }
  })
  return router
}

function usersRouter(Router, store, requireUser, requireAdmin) {
  const router = new Router()
  const orders = new Router()
  orders.get('/', requireUser, (ctx) => {
    ctx.body = ordersOf(store, ctx.params.userId)
  })
  orders.get('/:orderId', requireUser, (ctx) => {
    const order = orderFor(store, ctx.state.user, ctx.params.orderId)
    if (!order || order.userId !== Number(ctx.params.userId)) return notFound(ctx)
    ctx.body = order
  })
  router.use('/:userId/orders', orders.routes(), orders.allowedMethods())
  router.get('/', (ctx) => {
    ctx.body = page(store.users, ctx.query)
  })
  router.post('/', requireUser, requireAdmin, (ctx) => reply(ctx, createUser(store, ctx.request.body)))
  router.get('/:id', (ctx) => {
    const user = byId(store.users, ctx.params.id)
    if (!user) return notFound(ctx)
    ctx.body = user
  })
  router.put('/:id', requireUser, (ctx) => reply(ctx, patchUser(store, ctx.params.id, ctx.request.body)))
  router.patch('/:id', requireUser, (ctx) => reply(ctx, patchUser(store, ctx.params.id, ctx.request.body)))
  router.delete('/:id', requireUser, requireAdmin, (ctx) => {
    const user = byId(store.users, ctx.params.id)
    if (!user) return notFound(ctx)
    user.active = false
    ctx.status = 204
  })
  return router
}

function itemsRouter(Router, store, requireUser) {
  const router = new Router()
  // Loads the item once for every route with an :id, the way router.param is meant to be used.
  router.param('id', (id, ctx, next) => {
    const item = byId(store.items, id)
    if (!item) return notFound(ctx)
    ctx.state.item = item
    return next()
  })
  router.get('/', (ctx) => {
    ctx.body = page(store.items, ctx.query)
  })
  router.get('/categories', (ctx) => {
    ctx.body = CATEGORIES
  })
  router.get('/search', (ctx) => {
    ctx.body = page(store.items, { ...ctx.query, limit: '10' })
  })
  router.post('/', requireUser, (ctx) => reply(ctx, createItem(store, ctx.request.body)))
  router.get('/:id', (ctx) => {
    ctx.body = ctx.state.item
  })
  router.put('/:id', requireUser, (ctx) => reply(ctx, replaceItem(store, ctx.params.id, ctx.request.body)))
  router.patch('/:id', requireUser, (ctx) => reply(ctx, patchItem(store, ctx.params.id, ctx.request.body)))
  router.delete('/:id', requireUser, (ctx) => {
    ctx.state.item.archived = true
    ctx.status = 204
  })
  router.get('/:id/stock', (ctx) => {
    ctx.body = { id: ctx.state.item.id, stock: ctx.state.item.stock }
  })
  router.get('/:id/reviews', (ctx) => {
    ctx.body = store.reviews.get(ctx.state.item.id) ?? []
  })
  router.post('/:id/reviews', requireUser, (ctx) => reply(ctx, createReview(store, ctx.request.body)))
  return router
}

function ordersRouter(Router, store) {
  const router = new Router()
  const own = (ctx, next) => {
    const order = orderFor(store, ctx.state.user, ctx.params.id)
    if (!order) return notFound(ctx)
    ctx.state.order = order
    return next()
  }
  router.get('/', (ctx) => {
    ctx.body = page(ordersOf(store, ctx.state.user.id), ctx.query, 'status')
  })
  router.post('/', (ctx) => reply(ctx, createOrder(store, ctx.state.user, ctx.request.body)))
  router.get('/:id', own, (ctx) => {
    ctx.body = ctx.state.order
  })
  router.patch('/:id', own, (ctx) => {
    const note = ctx.request.body?.note
    if (typeof note === 'string') ctx.state.order.note = note.slice(0, 200)
    ctx.body = ctx.state.order
  })
  router.delete('/:id', (ctx) => {
    ctx.status = cancelOrder(store, ctx.params.id)
    if (ctx.status === 404) ctx.body = NOT_FOUND
  })
  router.post('/:id/pay', own, (ctx) => {
    ctx.body = { id: ctx.state.order.id, paid: true, total: ctx.state.order.total }
  })
  router.get('/:id/invoice', own, (ctx) => {
    ctx.type = 'text/plain'
    ctx.body = `Invoice #${ctx.state.order.id}\nTotal: ${ctx.state.order.total.toFixed(2)}\n`
  })
  return router
}

function adminRouter(Router, store) {
  const router = new Router()
  router.get('/stats', (ctx) => {
    ctx.body = stats(store)
  })
  router.get('/users', (ctx) => {
    ctx.body = page(store.users, { ...ctx.query, sort: 'role' })
  })
  router.patch('/users/:id/role', (ctx) => {
    const user = byId(store.users, ctx.params.id)
    if (!user) return notFound(ctx)
    const role = ctx.request.body?.role
    if (role === 'admin' || role === 'member') user.role = role
    ctx.body = user
  })
  router.get('/audit', (ctx) => {
    ctx.body = store.audit
  })
  router.post('/cache/flush', (ctx) => {
    ctx.status = 204
  })
  router.get('/config', (ctx) => {
    ctx.body = { rateLimit: null, sessions: 'signed-cookie' }
  })
  return router
}

function apiRouter(Router, store) {
  const requireUser = (ctx, next) => {
    const user = currentUser(store, ctx)
    if (!user) {
      ctx.set('WWW-Authenticate', 'Bearer realm="api"')
      return reply(ctx, { status: 401, body: UNAUTHORIZED })
    }
    ctx.state.user = user
    return next()
  }
  const requireAdmin = (ctx, next) =>
    ctx.state.user.role === 'admin' ? next() : reply(ctx, { status: 403, body: FORBIDDEN })
  const api = new Router({ prefix: '/api/v1' })
  api.get('/', (ctx) => {
    ctx.body = API_INDEX
  })
  api.get('/version', (ctx) => {
    ctx.body = { version: API_INDEX.version }
  })
  api.get('/search', (ctx) => {
    ctx.body = { users: page(store.users, ctx.query).data, items: page(store.items, ctx.query).data }
  })
  api.get('/categories/:slug/items', (ctx) => {
    ctx.body = page(
      store.items.filter((i) => i.category === ctx.params.slug),
      ctx.query
    )
  })
  api.get('/prefs', (ctx) => {
    ctx.body = {
      theme: ctx.cookies.get('theme') ?? 'light',
      lang: ctx.cookies.get('lang', { signed: true }) ?? 'en'
    }
  })
  api.put('/prefs', (ctx) => {
    const theme = ctx.request.body?.theme === 'dark' ? 'dark' : 'light'
    ctx.cookies.set('theme', theme, { httpOnly: true, sameSite: 'lax' })
    ctx.body = { theme }
  })
  const mount = (path, router, ...before) =>
    api.use(path, ...before, router.routes(), router.allowedMethods())
  mount('/auth', authRouter(Router, store))
  mount('/users', usersRouter(Router, store, requireUser, requireAdmin))
  mount('/items', itemsRouter(Router, store, requireUser))
  mount('/orders', ordersRouter(Router, store), requireUser)
  mount('/admin', adminRouter(Router, store), requireUser, requireAdmin)
  return api
}

/**
 * The realistic Koa app.
 * @param {Function} Koa koa@3 (or koa@2)
 * @param {Function | null} first a middleware used before everything else (pulya), or null
 * @param {Function} [Router] the router class: @koa/router's, or pulya's drop-in
 */
export function createRealisticKoaApp(Koa, first, Router = KoaRouter) {
  const store = createStore()
  const accessLog = createWriteStream(devNull, { flags: 'a' })
  const app = new Koa()
  app.keys = KOA_KEYS
  if (first) app.use(first)
  // Errors as JSON: the body parser's (400, 413, 415) keep their status; anything else is a 500.
  app.use(async (ctx, next) => {
    try {
      await next()
    } catch (err) {
      ctx.status = err.status >= 400 && err.status < 500 ? err.status : 500
      ctx.body = { error: ctx.status === 500 ? 'internal' : (err.type ?? 'bad_request') }
    }
  })
  // The timing logger of Koa's README: the time in a header, and one access-log line per request.
  app.use(async (ctx, next) => {
    const start = Date.now()
    await next()
    const ms = Date.now() - start
    ctx.set('X-Response-Time', `${ms}ms`)
    accessLog.write(`${ctx.method} ${ctx.url} ${ctx.status} - ${ms}ms\n`)
  })
  app.use(helmet())
  app.use(cors({ origin: ALLOWED_ORIGIN, credentials: true }))
  app.use(compress({ threshold: 1024 }))
  app.use(bodyParser())
  const health = new Router()
  health.get('/health', (ctx) => {
    ctx.body = { status: 'ok' }
  })
  const api = apiRouter(Router, store)
  app.use(health.routes())
  app.use(api.routes())
  app.use(api.allowedMethods())
  // Under /api/v1 an unknown path is a JSON 404; elsewhere Koa's own.
  app.use((ctx) => {
    if (ctx.path.startsWith('/api/')) notFound(ctx)
  })
  return app
}
