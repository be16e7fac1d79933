/**
 * The host frameworks under test, loaded once: every test that compares vanilla and
 * pulya runs against each major of each host.
 */
import { createRequire } from 'node:module'
import type { Express } from 'express'
import type KoaType from 'koa'

const require = createRequire(import.meta.url)

export type ExpressFactory = (() => Express) & { Router: (options?: object) => Express }
export type KoaClass = typeof KoaType

export const EXPRESS_HOSTS: ReadonlyArray<{ name: string; express: ExpressFactory }> = [
  { name: 'express@4', express: require('express4') as ExpressFactory },
  { name: 'express@5', express: require('express') as ExpressFactory }
]

/**
 * Express 5.2: its `res.send` differs from 5.3's (pulya mirrors each known source), so the
 * response cases run against it too (test/express/responses/response-mirror.test.ts).
 */
export const EXPRESS_52: { name: string; express: ExpressFactory } = {
  name: 'express@5.2',
  express: require('express52') as ExpressFactory
}

export const KOA_HOSTS: ReadonlyArray<{ name: string; Koa: KoaClass }> = [
  { name: 'koa@2', Koa: require('koa2') as KoaClass },
  { name: 'koa@3', Koa: require('koa') as KoaClass }
]
