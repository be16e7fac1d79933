// The floor: node:http plus find-my-way (the router Fastify uses), no framework. Every
// workload is implemented by hand with the least work that sends the same bytes.
import { createServer as createHttpServer } from 'node:http'
import FindMyWay from 'find-my-way'
import { captureSecurityHeaders, pickParams } from './workloads.mjs'

const JSON_TYPE = 'application/json; charset=utf-8'
const TEXT_TYPE = 'text/plain; charset=utf-8'

function send(res, status, type, body) {
  res.statusCode = status
  res.setHeader('Content-Type', type)
  res.setHeader('Content-Length', Buffer.byteLength(body))
  res.end(body)
}

function createHandler(route) {
  switch (route.kind) {
    case 'json': {
      const body = route.body
      return (req, res) => {
        send(res, 200, JSON_TYPE, JSON.stringify(body))
      }
    }
    case 'params': {
      const names = route.paramNames
      return (req, res, params) => {
        send(res, 200, JSON_TYPE, JSON.stringify(pickParams(names, params)))
      }
    }
    case 'throw':
      return () => {
        throw new Error('boom')
      }
    case 'status':
      return (req, res) => {
        send(res, 503, TEXT_TYPE, 'Service Unavailable')
      }
    default:
      throw new TypeError(`unknown route kind ${route.kind}`)
  }
}

function noop() {}

export async function createServer(workload) {
  const router = FindMyWay({ defaultRoute: (req, res) => send(res, 404, TEXT_TYPE, 'Not Found') })
  for (const route of workload.routes) router.on(route.method, route.path, createHandler(route))
  const middlewares = Array.from({ length: workload.middlewares }, () => noop)
  const securityHeaders = workload.security ? captureSecurityHeaders() : []
  return createHttpServer((req, res) => {
    for (let i = 0; i < middlewares.length; i++) middlewares[i](req, res)
    for (let i = 0; i < securityHeaders.length; i++)
      res.setHeader(securityHeaders[i][0], securityHeaders[i][1])
    try {
      router.lookup(req, res)
    } catch {
      if (!res.headersSent) send(res, 500, TEXT_TYPE, 'Internal Server Error')
    }
  })
}
