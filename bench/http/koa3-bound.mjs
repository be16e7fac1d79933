// NOT a drop-in and not exact: the ceiling of what pulya could save on Koa's own per-request
// path. Koa 3 + @koa/router + pulya, with Koa's `handleRequest` replaced by one that skips
// on-finished, reads the body field directly and writes string/JSON/404 bodies with fixed
// headers (no body-setter type detection, no delegates in respond). Used only to measure the
// upper bound (bench/NOTES.md, Koa respond); never a default variant.
import { STATUS_CODES } from 'node:http'
import Koa from 'koa'
import onFinished from 'on-finished'
import { pulya } from 'pulya/koa'
import { createKoaServer } from './_koa-app.mjs'

const JSON_TYPE = 'application/json; charset=utf-8'
const TEXT_TYPE = 'text/plain; charset=utf-8'

function respondBound(ctx) {
  const res = ctx.res
  const body = ctx.response._body
  if (body == null) {
    const msg = res.statusMessage || STATUS_CODES[res.statusCode]
    res.setHeader('Content-Type', TEXT_TYPE)
    res.setHeader('Content-Length', Buffer.byteLength(msg))
    return res.end(msg)
  }
  if (typeof body === 'string') return res.end(body)
  const json = JSON.stringify(body)
  res.setHeader('Content-Length', Buffer.byteLength(json))
  res.end(json)
}

// The body setter without type detection: an object body → status 200 + JSON type.
function setBodyBound(val) {
  this._body = val
  if (typeof val === 'object' && val !== null) {
    this.res.statusCode = 200
    this.res.setHeader('Content-Type', JSON_TYPE)
  }
}

export async function createServer(workload) {
  const server = createKoaServer(Koa, workload, pulya())
  const app = server.koaApp
  const parts = process.env.PULYA_BOUND ?? 'finished,respond,body'
  const skipFinished = parts.includes('finished')
  app.handleRequest = function handleRequest(ctx, fn) {
    ctx.res.statusCode = 404
    if (!skipFinished) onFinished(ctx.res, (err) => ctx.onerror(err))
    return fn(ctx).then(
      () => respondBound(ctx),
      (err) => ctx.onerror(err)
    )
  }
  if (parts.includes('body'))
    Object.defineProperty(app.response, 'body', {
      get() {
        return this._body
      },
      set: setBodyBound,
      configurable: true
    })
  return server
}
