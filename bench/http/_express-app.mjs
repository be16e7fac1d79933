// The one Express app both Express majors run, with and without pulya: the "+pulya" variants
// differ only by the middleware handed in as `first`, so the comparison is honest.
import cors from 'cors'
import helmet from 'helmet'
import { pickParams } from './workloads.mjs'

function noop(req, res, next) {
  next()
}

function createHandler(route) {
  switch (route.kind) {
    case 'json': {
      const body = route.body
      return (req, res) => {
        res.json(body)
      }
    }
    case 'params': {
      const names = route.paramNames
      return (req, res) => {
        res.json(pickParams(names, req.params))
      }
    }
    case 'throw':
      return () => {
        throw new Error('boom')
      }
    case 'status':
      return (req, res) => {
        res.sendStatus(503)
      }
    default:
      throw new TypeError(`unknown route kind ${route.kind}`)
  }
}

/**
 * Builds the workload's app on the given Express.
 * @param {Function} express express@4 or express@5
 * @param {object} workload from workloads.mjs
 * @param {Function | null} first a middleware used before everything else (pulya), or null
 * @param {(route: object) => Function | null} [routeFirst] a route-level middleware to put
 *   before a route's handler (the schema-serialiser variants), or null for none
 * @returns the server, or for the realistic workload a promise of it
 */
export function createExpressServer(express, workload, first, routeFirst = () => null) {
  if (workload.app === 'realistic') return createRealisticServer(express, first)
  const app = express()
  if (first) app.use(first)
  for (let i = 0; i < workload.middlewares; i++) app.use(noop)
  if (workload.security) {
    app.use(cors())
    app.use(helmet())
  }
  for (const route of workload.routes) {
    const before = routeFirst(route)
    const method = route.method.toLowerCase()
    if (before) app[method](route.path, before, createHandler(route))
    else app[method](route.path, createHandler(route))
  }
  return listenable(app)
}

// The realistic app and its middleware stack load only in the servers that run it.
async function createRealisticServer(express, first) {
  const { createRealisticExpressApp } = await import('./realistic/express.mjs')
  return listenable(await createRealisticExpressApp(express, first))
}

/**
 * Served the way most Express apps are, with `app.listen()` — for both variants, so pulya
 * may own server creation exactly where a user's app lets it (README: server classes).
 * server.mjs calls `listen(port, host, cb)` and then `address()`.
 */
function listenable(app) {
  let server = null
  return {
    listen(port, host, callback) {
      server = app.listen(port, host, callback)
      return server
    },
    address() {
      return server.address()
    }
  }
}
