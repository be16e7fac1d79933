// What `metrics: true` adds to one request, without the HTTP around it: a real Node
// `ServerResponse` is made and closed, as Node does for every request, with and without the
// monitor's work (src/core/metrics/monitor.ts: the start time and one `close` listener on
// admit; on close the route template from Express's `routeOf`, the status and the record).
// The route answering is a real Express 5 route object: one route (hello) or 200 taken in
// turn (routes), so the recorder's lookups and the template memo see as many keys as the
// `routes` workload gives them. The difference between the two contestants is the metrics'
// own JavaScript per request; the HTTP benchmark's `*+pulya-metrics` variants measure what
// that costs a server.
import { IncomingMessage, ServerResponse } from 'node:http'
import { Socket } from 'node:net'
import express from 'express'
import { Monitor } from '../../dist/esm/core/metrics/monitor.js'
import { routeOf } from '../../dist/esm/express/route-of.js'

const app = express()
const handler = (req, res) => { res.end() }
for (let i = 0; i < 200; i++) app.get(`/r${i}/:id`, handler)
const ROUTES = app.router.stack.filter((layer) => layer.route !== undefined).map((layer) => layer.route)
const socket = new Socket()

const stats = () => ({ hits: 0, misses: 0, evictions: 0, verified: 0, mismatches: 0 })

/** A request and its response, as Node's HTTP server makes them; `route` is what Express's router leaves on `req`. */
function exchange (route) {
  const req = new IncomingMessage(socket)
  req.method = 'GET'
  req.route = route
  req.app = app
  return new ServerResponse(req)
}

/** Node's end of a response: headers went out (statusCode 200), then `close`. */
function finish (res) {
  res._header = 'HTTP/1.1 200 OK\r\n\r\n'
  res.emit('close')
  return res.statusCode
}

function contestants () {
  return [
    { name: 'a response made and closed (metrics off)', build: () => (route) => finish(exchange(route)) },
    {
      name: 'the same with the monitor (metrics: true)',
      build: () => {
        const monitor = new Monitor({ buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10], register: false, unknownRoute: '__unknown__' }, false, { routeOf, stats })
        return (route) => {
          const res = exchange(route)
          monitor.admit(res, undefined)
          return finish(res)
        }
      }
    }
  ]
}

export const metricsSuite = {
  name: 'metrics: true, per request',
  cases: [
    { name: 'one route (hello)', inputs: [ROUTES[0]], expected: [200] },
    { name: `${ROUTES.length} routes in turn (routes)`, inputs: ROUTES, expected: ROUTES.map(() => 200) }
  ],
  contestants: contestants()
}
