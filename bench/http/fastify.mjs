// Fastify 5 with its defaults (no logger): the best-known fast peer. Security headers are set
// by hand from the pairs cors + helmet produce, as a Fastify app without plugins would.
import Fastify from 'fastify'
import { captureSecurityHeaders, pickParams } from './workloads.mjs'

function createHandler(route) {
  switch (route.kind) {
    case 'json': {
      const body = route.body
      return (req, reply) => {
        reply.send(body)
      }
    }
    case 'params': {
      const names = route.paramNames
      return (req, reply) => {
        reply.send(pickParams(names, req.params))
      }
    }
    case 'throw':
      return () => {
        throw new Error('boom')
      }
    case 'status':
      return (req, reply) => {
        reply.code(503).type('text/plain; charset=utf-8').send('Service Unavailable')
      }
    default:
      throw new TypeError(`unknown route kind ${route.kind}`)
  }
}

export async function createServer(workload) {
  const app = Fastify()
  for (let i = 0; i < workload.middlewares; i++)
    app.addHook('onRequest', (req, reply, done) => {
      done()
    })
  if (workload.security) {
    const headers = Object.fromEntries(captureSecurityHeaders())
    app.addHook('onRequest', (req, reply, done) => {
      reply.headers(headers)
      done()
    })
  }
  for (const route of workload.routes)
    app.route({ method: route.method, url: route.path, handler: createHandler(route) })
  await app.ready()
  return app.server
}
