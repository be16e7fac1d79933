// The realistic apps' data layer: in-memory users, items, orders and reviews, deterministic (the
// same bytes in every server process), shared by the Express and Koa apps so both serve the very
// same data. Writes never grow it: PUT/PATCH change a record in place, DELETE is a soft delete
// (a flag), and every POST writes into a fixed ring of slots, so a run of any length leaves the
// heap the size it started.

/** Tokens the mix sends: a user's, an admin's, and one no user has. */
export const TOKENS = { user: 'tk_user_7c1d0f', admin: 'tk_admin_91ab3e', invalid: 'tk_revoked_000000' }

/** The user whose session and token the mix uses, and the admin's. */
export const USER_ID = 7
export const ADMIN_ID = 1

/** The session the Express apps' MemoryStore starts with (express-session), and its secret. */
export const SESSION = { id: 'sess-user-7-fixed', secret: 'keyboard cat', cookieName: 'connect.sid' }

/** The Koa apps' keys for signed cookies (Koa's `app.keys`), and the cookie naming the user. */
export const KOA_KEYS = ['im a newer secret', 'i like turtle']
export const KOA_USER_COOKIE = 'uid'

/** The one origin CORS lets in (the API's own web app). */
export const ALLOWED_ORIGIN = 'https://app.example.com'

const CATEGORIES = ['lighting', 'furniture', 'kitchen', 'garden', 'office', 'outdoor', 'storage', 'decor']
const WORDS = ['lamp', 'desk', 'chair', 'shelf', 'table', 'mug', 'rug', 'stool', 'bench', 'vase', 'hook']
const RING = 64

// A tiny deterministic generator (xorshift32): the same data in every process, no Math.random.
function generator(seed) {
  let x = seed
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 2 ** 32
  }
}

function isoDate(day) {
  return new Date(Date.UTC(2025, 0, 1) + day * 86_400_000).toISOString()
}

/**
 * A fresh data set: 200 users, 500 items, 100 orders, reviews on the first 50 items.
 * @returns {Store}
 */
export function createStore() {
  const random = generator(0x9e3779b9)
  const users = []
  for (let id = 1; id <= 200; id++) {
    users.push({
      id,
      name: `User ${id}`,
      email: `user${id}@example.com`,
      role: id === ADMIN_ID ? 'admin' : 'member',
      active: true,
      createdAt: isoDate(id)
    })
  }
  const items = []
  for (let id = 1; id <= 500; id++) {
    const word = WORDS[id % WORDS.length]
    items.push({
      id,
      sku: `SKU-${String(id).padStart(5, '0')}`,
      name: `${word} ${id}`,
      category: CATEGORIES[id % CATEGORIES.length],
      price: Math.round(random() * 20_000) / 100,
      stock: Math.floor(random() * 50),
      tags: [word, CATEGORIES[(id * 3) % CATEGORIES.length]],
      archived: false
    })
  }
  const orders = []
  for (let id = 1; id <= 100; id++) {
    const lines = [{ itemId: 1 + ((id * 7) % 500), qty: 1 + (id % 3) }]
    orders.push({
      id,
      userId: 1 + ((id * 13) % 200),
      lines,
      total: lines.reduce((sum, l) => sum + items[l.itemId - 1].price * l.qty, 0),
      status: 'placed',
      createdAt: isoDate(id)
    })
  }
  const reviews = new Map()
  for (let id = 1; id <= 50; id++)
    reviews.set(id, [{ id: 1, userId: 1 + (id % 200), rating: 1 + (id % 5), text: `Review of item ${id}` }])
  return {
    users,
    items,
    orders,
    reviews,
    // The next slot of each POST ring: POSTs replace, they never add.
    rings: { orders: 0, items: 0, users: 0, reviews: 0 },
    audit: []
  }
}

/**
 * @typedef {ReturnType<typeof createStore>} Store
 * @typedef {{ status: number, body: unknown }} Answer what a route answers: its status and JSON body
 */

function clampInt(value, fallback, min, max) {
  const n = Number.parseInt(value, 10)
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback
}

/** One page of `list`, filtered by `q` (a substring of `field`) and sorted by `sort`. */
export function page(list, query, field = 'name') {
  const pageNo = clampInt(query.page, 1, 1, 1000)
  const limit = clampInt(query.limit, 20, 1, 100)
  let rows = list
  if (typeof query.q === 'string' && query.q !== '') rows = rows.filter((r) => r[field].includes(query.q))
  if (typeof query.sort === 'string' && query.sort in (rows[0] ?? {})) {
    const key = query.sort
    rows = rows.slice().sort((a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : a.id - b.id))
  }
  const start = (pageNo - 1) * limit
  return { page: pageNo, limit, total: rows.length, data: rows.slice(start, start + limit) }
}

/** The record with id `id` (a path param), or null. */
export function byId(list, id) {
  const n = Number(id)
  if (!Number.isInteger(n) || n < 1 || n > list.length) return null
  return list[n - 1]
}

/** The user a request's `Authorization: Bearer …` header names, or null. */
export function userOfToken(store, authorization) {
  if (typeof authorization !== 'string' || !authorization.startsWith('Bearer ')) return null
  const token = authorization.slice(7)
  if (token === TOKENS.user) return store.users[USER_ID - 1]
  if (token === TOKENS.admin) return store.users[ADMIN_ID - 1]
  return null
}

/** 401 bodies: no credentials, or credentials nobody has. */
export const UNAUTHORIZED = { error: 'unauthorized', message: 'missing or invalid credentials' }
export const FORBIDDEN = { error: 'forbidden', message: 'admin only' }
export const NOT_FOUND = { error: 'not_found', message: 'no such resource' }

function invalid(message) {
  return { status: 400, body: { error: 'invalid', message } }
}

const ITEM_FIELDS = ['name', 'category', 'price', 'stock', 'tags']
const USER_FIELDS = ['name', 'email', 'active']

function pick(source, fields) {
  const out = {}
  for (const field of fields) if (source != null && source[field] !== undefined) out[field] = source[field]
  return out
}

/** PUT: every field replaced (a missing one is a 400). */
export function replaceItem(store, id, body) {
  const item = byId(store.items, id)
  if (!item) return { status: 404, body: NOT_FOUND }
  const next = pick(body, ITEM_FIELDS)
  if (Object.keys(next).length !== ITEM_FIELDS.length) return invalid(`PUT needs ${ITEM_FIELDS.join(', ')}`)
  Object.assign(item, next)
  return { status: 200, body: item }
}

/** PATCH: the fields given. */
export function patchRecord(list, fields, id, body) {
  const record = byId(list, id)
  if (!record) return { status: 404, body: NOT_FOUND }
  const next = pick(body, fields)
  if (Object.keys(next).length === 0) return invalid(`PATCH needs one of ${fields.join(', ')}`)
  Object.assign(record, next)
  return { status: 200, body: record }
}

export const patchUser = (store, id, body) => patchRecord(store.users, USER_FIELDS, id, body)
export const patchItem = (store, id, body) => patchRecord(store.items, ITEM_FIELDS, id, body)

/** POST /orders: written into the next slot of the orders ring (ids 901–964). */
export function createOrder(store, user, body) {
  const lines = Array.isArray(body?.lines) ? body.lines : null
  if (!lines || lines.length === 0) return invalid('an order needs lines')
  const priced = []
  let total = 0
  for (const line of lines) {
    const item = byId(store.items, line?.itemId)
    if (!item || !Number.isInteger(line.qty) || line.qty < 1) return invalid('bad order line')
    priced.push({ itemId: item.id, qty: line.qty, price: item.price })
    total += item.price * line.qty
  }
  const slot = store.rings.orders++ % RING
  const order = {
    id: 901 + slot,
    userId: user.id,
    lines: priced,
    total: Math.round(total * 100) / 100,
    status: 'placed',
    note: typeof body.note === 'string' ? body.note.slice(0, 200) : null
  }
  return { status: 201, body: order }
}

/** POST into a ring of `list`-like records: answers 201 with the record, keeps nothing new. */
export function createInRing(store, ring, base, fields, body) {
  const record = pick(body, fields)
  if (Object.keys(record).length === 0) return invalid(`needs one of ${fields.join(', ')}`)
  const slot = store.rings[ring]++ % RING
  return { status: 201, body: { id: base + slot, ...record } }
}

export const createItem = (store, body) => createInRing(store, 'items', 10_001, ITEM_FIELDS, body)
export const createUser = (store, body) => createInRing(store, 'users', 20_001, USER_FIELDS, body)
export const createReview = (store, body) => createInRing(store, 'reviews', 30_001, ['rating', 'text'], body)

/** The order `id` if `user` may see it (its owner or an admin). */
export function orderFor(store, user, id) {
  const order = byId(store.orders, id)
  if (!order || (order.userId !== user.id && user.role !== 'admin')) return null
  return order
}

/** Soft delete: a flag on a fixed record (idempotent, so DELETE always answers 204). */
export function cancelOrder(store, id) {
  const order = byId(store.orders, id)
  if (!order) return 404
  order.status = 'cancelled'
  return 204
}

/** A user's orders (the nested /users/:id/orders routes). */
export function ordersOf(store, userId) {
  const id = Number(userId)
  return store.orders.filter((o) => o.userId === id)
}

/** The admin dashboard's figures, computed per request like a real one. */
export function stats(store) {
  let stock = 0
  let archived = 0
  for (const item of store.items) {
    stock += item.stock
    if (item.archived) archived++
  }
  const byStatus = {}
  for (const order of store.orders) byStatus[order.status] = (byStatus[order.status] ?? 0) + 1
  return {
    users: store.users.length,
    items: store.items.length,
    archived,
    stock,
    orders: byStatus
  }
}

/** The token a client-credentials POST /auth/token gets. */
export function issueToken(body) {
  if (body?.grant_type !== 'client_credentials' || body.client_id !== 'web')
    return { status: 401, body: UNAUTHORIZED }
  return { status: 200, body: { access_token: TOKENS.user, token_type: 'Bearer', expires_in: 3600 } }
}

/** POST /auth/login: the user for a username and password. */
export function login(store, body) {
  const user = store.users.find((u) => u.email === body?.email)
  if (!user || body.password !== 'correct horse') return null
  return user
}

/** The API index (GET /api/v1). */
export const API_INDEX = {
  name: 'pulya realistic bench API',
  version: '1.4.2',
  links: ['/api/v1/users', '/api/v1/items', '/api/v1/orders', '/api/v1/auth', '/api/v1/admin']
}

export { CATEGORIES }
