/**
 * The realistic apps answer every row of the mix as the bench expects (statuses, key headers,
 * a piece of each decoded body), pulya's byte for byte as vanilla's — the same verification a
 * benchmark run does before timing — and their writes leave the data the size it was.
 */
import { once } from 'node:events'
import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Router from '@koa/router'
import Koa from 'koa'
import { afterAll, describe, expect, it } from 'vitest'
import { pulya as expressPulya } from 'pulya/express'
import { pulya as koaPulya, Router as PulyaRouter } from 'pulya/koa'
import { getWorkload } from '../../bench/http/workloads.mjs'
import { createRealisticExpressApp } from '../../bench/http/realistic/express.mjs'
import { createRealisticKoaApp } from '../../bench/http/realistic/koa.mjs'
import { fetchOnce, verifyContestants } from '../../bench/lib/verify.mjs'
import { EXPRESS_HOSTS } from '../helpers/hosts.js'

const workload = getWorkload('realistic')
const servers: Server[] = []
afterAll(() => {
  for (const server of servers) server.close()
})

async function listen(handler: RequestListener): Promise<number> {
  const server = createServer(handler)
  servers.push(server)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return (server.address() as AddressInfo).port
}

const koaApp = (first: unknown, router: unknown) =>
  Promise.resolve(createRealisticKoaApp(Koa, first, router).callback())

/** What GET /api/v1/admin/stats answers (bench/http/realistic/store.mjs stats()). */
interface Stats {
  users: number
  items: number
  archived: number
  orders: Record<string, number>
}

type Side = { name: string; base: string | null; start: () => Promise<RequestListener> }

const express = (host: unknown, name: string): Side[] => [
  { name, base: null, start: () => createRealisticExpressApp(host, null) },
  { name: `${name}+pulya`, base: name, start: () => createRealisticExpressApp(host, expressPulya()) }
]
const koa: Side[] = [
  { name: 'koa3', base: null, start: () => koaApp(null, Router) },
  { name: 'koa3+pulya', base: 'koa3', start: () => koaApp(koaPulya(), Router) },
  { name: 'koa3+pulya-router', base: 'koa3', start: () => koaApp(null, PulyaRouter) }
]

describe.each([
  ...EXPRESS_HOSTS.map(
    ({ name, express: host }) => ['express', express(host, name.replace('@', ''))] as const
  ),
  ['koa', koa] as const
])('the realistic %s app', (family, sides) => {
  const started = Promise.all(sides.map(async (side) => ({ side, port: await listen(await side.start()) })))

  it(`${sides.map((s) => s.name).join(', ')}: every check of the mix, pulya as vanilla`, async () => {
    const contestants = (await started).map(({ side, port }) => ({
      variant: { name: side.name, family, base: side.base },
      node: { major: 0 },
      server: { port }
    }))
    expect(await verifyContestants(workload, contestants)).toEqual([])
  })

  // One pass sends every write of the mix at its weight: a POST that added would show here.
  it('keeps its data the size it was through a pass of the load list', async () => {
    const port = (await started)[0]?.port ?? 0
    const admin = workload.checks.find((c) => c.path === '/api/v1/admin/stats' && c.status === 200)
    if (!admin) throw new Error('the mix has no admin stats row')
    const stats = async () => JSON.parse((await fetchOnce(port, admin)).body) as Stats
    const total = (s: Stats) => Object.values(s.orders).reduce((a, b) => a + b, 0)
    const before = await stats()
    for (const request of workload.requests) await fetchOnce(port, { ...request, status: 0, send: request })
    const after = await stats()
    expect([after.users, after.items, after.archived, total(after)]).toEqual([
      before.users,
      before.items,
      before.archived,
      total(before)
    ])
  })
})
