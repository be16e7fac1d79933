'use strict'
// One agent run, in its own process (agents patch modules as they load): the agent's preload
// (`node --require ./_otel.cjs`, the way each agent documents it) has started before this file
// requires the host. Builds the same app with or without pulya, sends the same requests over
// 127.0.0.1 one at a time, and prints what the agent recorded as JSON on stdout.
//
// argv: <host: express | koa | nest> <mode: vanilla | first | middle | last>
//       (nest: vanilla is ExpressAdapter, first PulyaExpressAdapter, last ExpressAdapter with
//       app.use(pulya()) after NestFactory.create)
// env:  PULYA_NEST_MAJOR — for nest, the major whose workspace holds the compiled fixture app
//       (test/nest/_nest.ts compiles it)
//       PULYA_AGENT_HOSTS — a folder whose node_modules/ names the host under its own name
//       (`express`, `koa`): agents hook modules by the name they are required by, so
//       express@4 (this repo's `express4` alias) must be required as `express`; pulya is
//       required from there too, as an installed package (this repo's built dist/).
const { createRequire } = require('node:module')
const http = require('node:http')
const path = require('node:path')

const [host, mode] = process.argv.slice(2)
const hostRequire = createRequire(path.join(process.env.PULYA_AGENT_HOSTS, 'hosts.js'))
const { pulya } = hostRequire('pulya')
/** What the agent's preload file offers: `settle`, `records` and, for some, `setupApp`. */
const agent = globalThis[Symbol.for('pulya.test.agent')]

/** A middleware with a name the agents record (they name middleware spans after it). */
function named(name, fn) {
  Object.defineProperty(fn, 'name', { value: name })
  return fn
}

function buildExpress() {
  const express = hostRequire('express')
  const major = Number(hostRequire('express/package.json').version.split('.')[0])
  const app = express()
  if (mode === 'first') app.use(pulya())
  app.param(
    'name',
    named('loadName', (req, res, next, name) => {
      req.greeted = name.toUpperCase()
      next()
    })
  )
  app.use(
    named('requestLog', (req, res, next) => {
      next()
    })
  )
  app.get('/', (req, res) => {
    res.send('hello')
  })
  app.get('/hello/:name', (req, res) => {
    res.send(`hello ${req.greeted}`)
  })
  app.get('/health', (req, res) => {
    res.sendStatus(204)
  })
  if (mode === 'middle') app.use(pulya())

  // More than `smallStack` (6) layers, so pulya's index narrows this router's candidates.
  const users = express.Router({ mergeParams: true })
  users.param(
    'userId',
    named('loadUser', (req, res, next, id) => {
      req.user = { id }
      next()
    })
  )
  users.use(
    named('usersAuth', (req, res, next) => {
      next()
    })
  )
  users.get('/', (req, res) => {
    res.json([{ id: 1 }, { id: 2 }])
  })
  users.get(
    '/:userId',
    named('ownerOnly', (req, res, next) => {
      if (req.params.userId === 'other') return next('route')
      res.json({ user: req.user, tenant: req.params.tenant })
    })
  )
  users.get(
    '/:userId',
    named('publicProfile', (req, res) => {
      res.send(`profile ${req.params.userId}`)
    })
  )
  users.post('/', (req, res) => {
    res.sendStatus(201)
  })
  users.get('/:userId/posts/:postId', (req, res) => {
    res.json({ post: req.params.postId })
  })
  users.delete('/:userId', (req, res) => {
    res.status(202).send('deleted')
  })
  users.get('/sync/boom', () => {
    throw new Error('sync boom')
  })
  users.get('/async/boom', (req, res, next) => {
    Promise.resolve().then(() => next(new Error('async boom')))
  })
  if (major >= 5)
    users.get('/rejected/boom', async () => {
      throw new Error('rejected boom')
    })
  users.use(
    named('usersError', (err, req, res, next) => {
      if (err.message !== 'async boom') return next(err)
      res.status(500).json({ error: err.message })
    })
  )

  const v1 = express.Router()
  v1.use(
    named('v1Version', (req, res, next) => {
      res.setHeader('x-api', 'v1')
      next()
    })
  )
  v1.use('/tenants/:tenant/users', users)
  v1.get('/status', (req, res) => {
    res.json({ ok: true })
  })
  v1.get('/a', (req, res) => {
    res.send('a')
  })
  v1.get('/b', (req, res) => {
    res.send('b')
  })
  v1.get('/c', (req, res) => {
    res.send('c')
  })
  v1.get('/d', (req, res) => {
    res.send('d')
  })
  app.use('/v1', v1)
  for (const name of ['one', 'two', 'three', 'four', 'five'])
    app.get(`/static/${name}`, (req, res) => {
      res.send(name)
    })
  agent.setupApp?.('express', app)
  if (mode === 'last') app.use(pulya())
  return app
}

function buildKoa() {
  const Koa = hostRequire('koa')
  const Router = hostRequire('@koa/router')
  const app = new Koa()
  app.silent = true
  if (mode === 'first') app.use(pulya())
  app.use(
    named('timing', async (ctx, next) => {
      await next()
    })
  )
  if (mode === 'middle') app.use(pulya())
  const users = new Router()
  users.get('/', (ctx) => {
    ctx.body = [{ id: 1 }]
  })
  users.get('/:userId', (ctx) => {
    ctx.body = { user: ctx.params.userId, tenant: ctx.params.tenant }
  })
  users.get('/:userId/posts/:postId', (ctx) => {
    ctx.body = { post: ctx.params.postId }
  })
  users.post('/', (ctx) => {
    ctx.status = 201
  })
  users.get('/sync/boom', () => {
    throw new Error('sync boom')
  })
  users.get('/async/boom', async () => {
    await Promise.resolve()
    throw new Error('async boom')
  })
  const v1 = new Router({ prefix: '/v1' })
  v1.use(
    named('v1Version', async (ctx, next) => {
      ctx.set('x-api', 'v1')
      await next()
    })
  )
  v1.use('/tenants/:tenant/users', users.routes(), users.allowedMethods())
  v1.get('/status', (ctx) => {
    ctx.body = { ok: true }
  })
  for (const name of ['a', 'b', 'c', 'd', 'e', 'f'])
    v1.get(`/${name}`, (ctx) => {
      ctx.body = name
    })
  app.use(v1.routes())
  app.use(v1.allowedMethods())
  const root = new Router()
  root.get('/', (ctx) => {
    ctx.body = 'hello'
  })
  root.get('/health', (ctx) => {
    ctx.status = 204
  })
  app.use(root.routes())
  agent.setupApp?.('koa', app)
  if (mode === 'last') app.use(pulya())
  return app
}

/** The Nest fixture app (test/fixtures/nest-app) on the adapter `mode` names, listening. */
async function startNest() {
  const fixture = path.join(__dirname, '../fixtures', `nest${process.env.PULYA_NEST_MAJOR}`, 'build/app.cjs')
  const nestRequire = createRequire(fixture)
  const { NestFactory } = nestRequire('@nestjs/core')
  const { ExpressAdapter } = nestRequire('@nestjs/platform-express')
  const { AppModule, configure } = nestRequire(fixture)
  const Adapter =
    mode === 'first' ? hostRequire('pulya/nest').pulyaAdapterClass(ExpressAdapter) : ExpressAdapter
  const app = await NestFactory.create(AppModule, new Adapter(), { logger: false })
  configure(app, 'uri')
  if (mode === 'last') app.use(pulya())
  await app.listen(0, '127.0.0.1')
  return app.getHttpServer()
}

async function listening() {
  if (host === 'nest') return await startNest()
  const app = host === 'express' ? buildExpress() : buildKoa()
  const server = http.createServer(host === 'express' ? app : app.callback())
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return server
}

const REQUESTS = {
  nest: [
    ['GET', '/api/v1/users/1'],
    ['GET', '/api/v1/users/0'],
    ['GET', '/api/v2/users/2'],
    ['GET', '/api/v1/users/1/posts/7'],
    ['DELETE', '/api/v1/users/2'],
    ['GET', '/api/items/3'],
    ['GET', '/api/admin/stats'],
    ['GET', '/api/misc/error'],
    ['GET', '/api/misc/teapot'],
    ['GET', '/api/misc/raw'],
    ['GET', '/nope'],
    ['OPTIONS', '/api/items'],
    // Again: pulya answers these from its route cache.
    ['GET', '/api/v1/users/1'],
    ['GET', '/api/items/3']
  ],
  express: [
    ['GET', '/'],
    ['GET', '/health'],
    ['GET', '/hello/ada'],
    ['GET', '/v1/status'],
    ['GET', '/v1/d'],
    ['GET', '/v1/tenants/acme/users'],
    ['GET', '/v1/tenants/acme/users/42'],
    ['GET', '/v1/tenants/acme/users/other'],
    ['POST', '/v1/tenants/acme/users'],
    ['GET', '/v1/tenants/acme/users/7/posts/9'],
    ['DELETE', '/v1/tenants/acme/users/7'],
    ['GET', '/v1/tenants/acme/users/sync/boom'],
    ['GET', '/v1/tenants/acme/users/async/boom'],
    ['GET', '/v1/tenants/acme/users/rejected/boom'],
    ['GET', '/v1/nope'],
    ['GET', '/nope'],
    ['HEAD', '/v1/a'],
    ['OPTIONS', '/v1/tenants/acme/users'],
    ['GET', '/static/five'],
    // The same paths again: pulya answers these from its route cache.
    ['GET', '/v1/tenants/acme/users/42'],
    ['GET', '/v1/tenants/acme/users/other'],
    ['GET', '/static/five']
  ],
  koa: [
    ['GET', '/'],
    ['GET', '/health'],
    ['GET', '/v1/status'],
    ['GET', '/v1/f'],
    ['GET', '/v1/tenants/acme/users'],
    ['GET', '/v1/tenants/acme/users/42'],
    ['POST', '/v1/tenants/acme/users'],
    ['GET', '/v1/tenants/acme/users/7/posts/9'],
    ['GET', '/v1/tenants/acme/users/sync/boom'],
    ['GET', '/v1/tenants/acme/users/async/boom'],
    ['GET', '/v1/nope'],
    ['GET', '/nope'],
    ['PUT', '/v1/status'],
    ['GET', '/v1/tenants/acme/users/42']
  ]
}

function send(port, method, target) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: target, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => {
        body += chunk
      })
      res.on('end', () => {
        resolve({ status: res.statusCode, body: body.replace(/\n\s+at [^\n]+/g, '') })
      })
    })
    req.on('error', reject)
    req.end()
  })
}

async function main() {
  const server = await listening()
  const { port } = server.address()
  const responses = []
  // A baseline before the first request: start-up is not part of any request.
  await agent.settle()
  for (const [method, target] of REQUESTS[host]) {
    responses.push({ method, target, ...(await send(port, method, target)) })
    await agent.settle()
  }
  await new Promise((resolve) => server.close(resolve))
  process.stdout.write(JSON.stringify({ responses, records: await agent.records() }))
}

main().catch((err) => {
  process.stderr.write(`${err.stack}\n`)
  process.exitCode = 1
})
