/**
 * The differential harness in vitest: the host × version matrix (Express 4/5, Koa 2/3, each
 * with pulya's entry points) and `expectSame`, which serves the sides with compat/differential.ts,
 * sends the same raw requests to each and fails with every difference from vanilla in status,
 * status message, raw headers (names, case, order; `Date` by its place only), body bytes, logs
 * and what an `observe` hook reads. As unjs/h3's `describeMatrix`: one suite, every host.
 * @module
 */
import { describe, expect } from 'vitest'
import type { Server } from 'node:http'
import type Koa from 'koa'
import {
  compareSides,
  httpServer,
  normalizeStackFrames,
  type DiffRequest,
  type DiffStep,
  type Observed,
  type RunOptions,
  type Side,
  type StepResult
} from '../../compat/differential.js'
import { compareObserved, formatDifferences } from '../../compat/_compare.js'
import { pulya as expressPulya } from '../../src/express/index.js'
import { pulya as koaPulya } from '../../src/koa/index.js'
import { pulya as rootPulya } from '../../src/index.js'
import { EXPRESS_HOSTS, KOA_HOSTS, type ExpressFactory, type KoaClass } from './hosts.js'

export { gets, req } from '../../compat/cases/_types.js'
export {
  httpServer,
  normalizeStackFrames,
  serveSides,
  type DiffStep,
  type RunOptions,
  type ServedSides,
  type Side,
  type StepResult
} from '../../compat/differential.js'

/** One Express host of the matrix. */
export interface ExpressHost {
  readonly name: string
  readonly major: 4 | 5
  readonly express: ExpressFactory
}
/** One Koa host of the matrix. */
export interface KoaHost {
  readonly name: string
  readonly major: 2 | 3
  readonly Koa: KoaClass
}

/** Express 4 and 5. */
export const EXPRESS_MATRIX: readonly ExpressHost[] = EXPRESS_HOSTS.map((host) => ({
  ...host,
  major: host.name.endsWith('@4') ? 4 : 5
}))
/** Koa 2 and 3. */
export const KOA_MATRIX: readonly KoaHost[] = KOA_HOSTS.map((host) => ({
  ...host,
  major: host.name.endsWith('@2') ? 2 : 3
}))

/** One way to take pulya: its import path, and its `pulya()`. */
export interface Entry {
  readonly entry: string
  readonly pulya: (options?: Parameters<typeof rootPulya>[0]) => unknown
}

/** The entry points an Express app can take pulya from. */
export const EXPRESS_ENTRIES: readonly Entry[] = [
  { entry: 'pulya/express', pulya: expressPulya },
  { entry: 'pulya', pulya: rootPulya }
]

/** The entry points a Koa app can take pulya from (pulya's Router is a side of its own). */
export const KOA_ENTRIES: readonly Entry[] = [
  { entry: 'pulya/koa', pulya: koaPulya },
  { entry: 'pulya', pulya: rootPulya }
]

/** `describe` once per Express host: `title` follows the host's name. */
export function describeExpress(title: string, body: (host: ExpressHost) => void): void {
  describe.each(EXPRESS_MATRIX)(`$name ${title}`, body)
}

/** `describe` once per Koa host: `title` follows the host's name. */
export function describeKoa(title: string, body: (host: KoaHost) => void): void {
  describe.each(KOA_MATRIX)(`$name ${title}`, body)
}

/** The vanilla side, then one side per other app, each served by `serve`. */
export function sides<A>(
  serve: (app: A) => Server | Promise<Server>,
  vanilla: A,
  others: Readonly<Record<string, A>>
): Array<Side<A>> {
  return [
    { name: 'vanilla', app: vanilla, serve: () => serve(vanilla) },
    ...Object.entries(others).map(([name, app]) => ({ name, app, serve: () => serve(app) }))
  ]
}

/** An Express app (a request listener) on a `node:http` server. */
export function serveExpress(app: object): Server {
  return httpServer(app as Parameters<typeof httpServer>[0])
}

/** A Koa app on a `node:http` server, through its `callback()`. */
export function serveKoa(app: Koa): Server {
  return httpServer(app.callback())
}

/**
 * Serves `sides`, sends `steps` to each and expects every answer to be vanilla's: the failure
 * lists every difference. Gives each step's answers, for what a test checks further.
 *
 * @example
 * await expectSame(sides(serveExpress, vanilla, { pulya: withPulya }), gets('/a', '/b'), { normalize: normalizeStackFrames })
 */
export async function expectSame<A>(
  list: readonly Side<A>[],
  steps: readonly DiffStep<A>[],
  options?: RunOptions<A>
): Promise<StepResult[]> {
  const report = await compareSides(list, steps, options)
  expect(report.message).toBe('')
  return report.results
}

/**
 * For answers collected by another client (a stress run with many requests in flight): each
 * request's answer on `side` must be vanilla's, compared as {@link expectSame} compares.
 *
 * @example
 * expectSameAnswers(requests, vanillaAnswers, pulyaAnswers, 'pulya')
 */
export function expectSameAnswers(
  requests: readonly DiffRequest[],
  vanilla: readonly Observed[],
  other: readonly Observed[],
  side: string
): void {
  expect(other.length).toBe(vanilla.length)
  const differences = requests.flatMap((request, i) =>
    compareObserved(i, request, vanilla[i] as Observed, other[i] as Observed, null, side)
  )
  expect(formatDifferences(differences)).toBe('')
}

/** Development error pages print the stack, where pulya's dispatch adds or drops frames. */
export const ERROR_PAGES = { normalize: normalizeStackFrames } as const

/** Requests with one method. */
export function requests(method: string, ...paths: string[]): DiffRequest[] {
  return paths.map((path) => ({ method, path }))
}

/** The answer's body as text (latin1, as the bad-input tests read bytes). */
export function text(result: StepResult | undefined): string {
  return result === undefined ? '' : result.vanilla.body.toString('latin1')
}
