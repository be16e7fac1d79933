/**
 * The handlers of generated apps: each records itself in the request's trace, then
 * does what its spec says, so the response carries the path the request took.
 * @module
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express'
import { fixedError, onError, onParam, snapshot, trace, traceOf } from '../observe.js'
import type { HandlerSpec, LayerSpec } from './spec.js'

function payload(req: Request, label: string): Record<string, unknown> {
  return { at: label, trace: traceOf(req), here: snapshot(req) }
}

function respond(
  req: Request,
  res: Response,
  label: string,
  as: Extract<HandlerSpec, { do: 'respond' }>['as']
): void {
  switch (as) {
    case 'json':
      res.json(payload(req, label))
      return
    case 'text':
      res.send(`${label} ${req.method} ${req.url} base=${req.baseUrl} trace=${traceOf(req).length}`)
      return
    case 'created':
      res
        .status(201)
        .type('text/plain')
        .send(JSON.stringify(payload(req, label)))
      return
    case 'empty':
      res.status(204).end()
      return
    case 'redirect':
      res.redirect(`/redirected/${encodeURIComponent(label)}`)
      return
    case 'header':
      res
        .set('X-Gen', label)
        .set('x-trace-length', String(traceOf(req).length))
        .json(payload(req, label))
      return
    case 'buffer':
      res.send(Buffer.from(JSON.stringify(payload(req, label))))
      return
  }
}

/**
 * Creates the middleware for one handler spec.
 *
 * @param spec - what it does
 * @param label - a unique, stable name within the app (shows up in traces and bodies)
 * @example
 * app.get('/a', makeHandler({ do: 'next' }, 'L1.h0'))
 */
export function makeHandler(spec: HandlerSpec, label: string): RequestHandler {
  switch (spec.do) {
    case 'respond':
      return function generatedRespond(req, res) {
        respond(req, res, label, spec.as)
      }
    case 'maybe':
      return function generatedMaybe(req, res, next) {
        if ((req.url.length + label.length) % 3 === 0) {
          respond(req, res, label, 'json')
          return
        }
        trace(req, label)
        next()
      }
    case 'next':
      return function generatedNext(req, _res, next) {
        trace(req, label)
        next()
      }
    case 'next-route':
      return function generatedNextRoute(req, _res, next) {
        trace(req, label)
        next('route')
      }
    case 'next-router':
      return function generatedNextRouter(req, _res, next) {
        trace(req, label)
        next('router')
      }
    case 'next-error':
      return function generatedNextError(req, _res, next) {
        trace(req, label)
        next(fixedError(label, spec.status === null ? {} : { status: spec.status }))
      }
    case 'throw':
      return function generatedThrow(req) {
        trace(req, label)
        throw fixedError(label)
      }
    case 'reject':
      return async function generatedReject(req) {
        await Promise.resolve()
        trace(req, label)
        throw fixedError(label)
      }
    case 'rewrite':
      return function generatedRewrite(req, _res, next) {
        trace(req, `${label} ${req.url} -> ${spec.to}`)
        req.url = spec.to
        next()
      }
  }
}

/** The 4-argument error handler of an `error` layer. */
export function makeErrorHandler(
  mode: Extract<LayerSpec, { type: 'error' }>['mode'],
  label: string
): ErrorRequestHandler {
  return onError(label, mode)
}

/** The param callback registered for `name` on an app or router. */
export function makeParam(label: string): ReturnType<typeof onParam> {
  return onParam(label)
}
