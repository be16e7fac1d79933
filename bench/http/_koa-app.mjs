// The one Koa + @koa/router app, with and without pulya: the "+pulya" variant differs only by
// the middleware handed in as `first`, so the comparison is honest.
import { createServer } from 'node:http'
import KoaRouter from '@koa/router'
import cors from 'cors'
import helmet from 'helmet'
import { pickParams } from './workloads.mjs'

function noop(ctx, next) {
  return next()
}

// Runs a connect-style middleware (cors, helmet) inside Koa, the way koa-helmet does: the
// headers land on the shared node:http response, which Koa keeps.
function fromConnect(middleware) {
  return (ctx, next) =>
    new Promise((resolve, reject) => {
      middleware(ctx.req, ctx.res, (err) => (err ? reject(err) : resolve()))
    }).then(next)
}

function createHandler(route) {
  switch (route.kind) {
    case 'json': {
      const body = route.body
      return (ctx) => {
        ctx.body = body
      }
    }
    case 'params': {
      const names = route.paramNames
      return (ctx) => {
        ctx.body = pickParams(names, ctx.params)
      }
    }
    case 'throw':
      return () => {
        throw new Error('boom')
      }
    case 'status':
      // With no body Koa answers the status message as text/plain, like res.sendStatus().
      return (ctx) => {
        ctx.status = 503
      }
    default:
      throw new TypeError(`unknown route kind ${route.kind}`)
  }
}

/**
 * Builds the workload's app on the given Koa.
 * @param {Function} Koa koa@3 (or koa@2)
 * @param {object} workload from workloads.mjs
 * @param {Function | null} first a middleware used before everything else (pulya), or null
 * @param {Function} Router the router class: @koa/router's, or pulya's drop-in
 * @returns the server, or for the realistic workload a promise of it
 */
export function createKoaServer(Koa, workload, first, Router = KoaRouter) {
  if (workload.app === 'realistic') return createRealisticServer(Koa, first, Router)
  const app = new Koa()
  const router = new Router()
  if (first) app.use(first)
  for (let i = 0; i < workload.middlewares; i++) app.use(noop)
  if (workload.security) {
    app.use(fromConnect(cors()))
    app.use(fromConnect(helmet()))
  }
  for (const route of workload.routes) router[route.method.toLowerCase()](route.path, createHandler(route))
  app.use(router.routes())
  app.use(router.allowedMethods())
  return serve(app)
}

function serve(app) {
  const server = createServer(app.callback())
  // The app, for variants that measure a change to it (koa3-bound.mjs).
  server.koaApp = app
  return server
}

// The realistic app and its middleware stack load only in the servers that run it.
async function createRealisticServer(Koa, first, Router) {
  const { createRealisticKoaApp } = await import('./realistic/koa.mjs')
  return serve(createRealisticKoaApp(Koa, first, Router))
}

/**
 * The app of `server` with pulya's respond work kept off: an own `handleRequest` on the app and
 * an own `body` on app.response, each Koa's own function, make pulya leave Koa's (the respond A/B in bench/NOTES.md).
 */
export function keepKoaRespond(server, Koa) {
  const app = server.koaApp
  Object.defineProperty(app, 'handleRequest', {
    value: Koa.prototype.handleRequest,
    writable: true,
    configurable: true
  })
  Object.defineProperty(
    app.response,
    'body',
    Object.getOwnPropertyDescriptor(Object.getPrototypeOf(app.response), 'body')
  )
  return server
}

/**
 * The app of `server` with pulya's body setter kept off and its respond on: an own `body` on
 * app.response, Koa's own accessor, makes pulya leave Koa's setter (the respond A/B in bench/NOTES.md).
 */
export function keepKoaBody(server) {
  const response = server.koaApp.response
  Object.defineProperty(
    response,
    'body',
    Object.getOwnPropertyDescriptor(Object.getPrototypeOf(response), 'body')
  )
  return server
}
