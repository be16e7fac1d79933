/**
 * Koa's objects as pulya's Koa adapter uses them, declared once: node:http's request and
 * response, Koa's request, response and context, an app, a middleware, and the `statuses`
 * module Koa reads. Each shape names only what some module here reads or writes; pulya's
 * published declarations import no host framework, so `@types/koa` stays out of them.
 */
import type { Buffer } from 'buffer'

/** `next` as Koa hands it to a middleware. */
export type KoaNext = () => Promise<unknown>

/** A Koa middleware: `(ctx, next)`, returning a promise. */
export type KoaMiddleware = (ctx: object, next: KoaNext) => Promise<unknown>

/**
 * An object handed to pulya as a Koa app, before pulya knows it is one: every field is checked
 * where it is read (`app.middleware` an array, the prototypes objects).
 */
export interface KoaAppLike {
  readonly middleware?: unknown
  readonly context?: unknown
  readonly request?: unknown
  readonly response?: unknown
}

/** node:http's request (or HTTP/2's compatibility request) under Koa's. */
export interface NodeRequest {
  readonly httpVersionMajor: number
  readonly method?: string
}

/** node:http's response (or HTTP/2's compatibility response) under Koa's. */
export interface NodeResponse {
  statusCode: number
  statusMessage: string
  readonly headersSent: boolean
  readonly writableEnded: boolean
  readonly finished: boolean
  readonly socket: { readonly writable: boolean } | null
  /** Missing on some responses: Koa's `has` then reads `this.headers`, so pulya leaves those to Koa. */
  hasHeader?: (name: string) => boolean
  setHeader(name: string, value: unknown): unknown
  end(body?: string | Buffer): unknown
}

/** Koa's request (lib/request.js). */
export interface KoaRequest {
  readonly req: NodeRequest
}

/** Koa's response (lib/response.js): its private fields, accessors and methods. */
export interface KoaResponse {
  _body: unknown
  _explicitStatus?: boolean
  readonly _explicitNullBody?: boolean
  readonly req: NodeRequest
  readonly res: NodeResponse
  readonly headerSent: boolean
  readonly length: unknown
  type: string
  body: unknown
  has(field: string): boolean
  set(field: unknown, value?: unknown): void
  remove(field: string): void
}

/** Koa's context (lib/context.js), with the app that made it. */
export interface KoaContext {
  respond?: unknown
  readonly app: { listenerCount(name: string): number }
  readonly req: NodeRequest
  readonly res: NodeResponse
  readonly request: KoaRequest
  readonly response: KoaResponse
  body: unknown
  length: unknown
  set(field: string, value: string): void
  onerror(err: unknown): unknown
}

/**
 * The `statuses` module of the app's Koa: `empty[code]`, and the messages — `statuses[code]`
 * in the version Koa 2 uses, `statuses.message[code]` in Koa 3's.
 */
export interface Statuses {
  readonly empty: Readonly<Record<number, boolean | undefined>>
  readonly message?: Readonly<Record<number, string | undefined>>
}
