// Route lookup over the GitHub table (314 routes): each contestant answers "which route does
// METHOD /path hit" as 'GET /gists/:id', or null. The Express scans replay the loop of their
// router's next() (express4 lib/router/index.js, router@2 index.js): layer.match(path) in
// stack order, then the route's method check.
import express4 from 'express4'
import Router5 from 'router'
import KoaRouter from '@koa/router'
import FindMyWay from 'find-my-way'
import { GITHUB_ROUTES, getWorkload } from '../http/workloads.mjs'
import { buildRouteIndex, findCandidates } from '../../dist/esm/core/route-index.js'
import { RouteCache } from '../../dist/esm/core/route-cache.js'
import { readLayerPattern } from '../../dist/esm/express/routing/layer-pattern.js'

function noop() {}

function keyOf(method, path) {
  return `${method} ${path}`
}

function buildExpress4Scan(table) {
  const router = express4.Router()
  for (const { method, path } of table) router[method.toLowerCase()](path, noop)
  const stack = router.stack
  return (method, path) => {
    for (let i = 0; i < stack.length; i++) {
      const layer = stack[i]
      let match
      try {
        match = layer.match(path)
      } catch {
        match = false
      }
      if (match !== true || !layer.route) continue
      if (layer.route._handles_method(method)) return keyOf(method, layer.route.path)
    }
    return null
  }
}

function buildExpress5Scan(table) {
  const router = Router5()
  for (const { method, path } of table) router[method.toLowerCase()](path, noop)
  const stack = router.stack
  return (method, path) => {
    for (let i = 0; i < stack.length; i++) {
      const layer = stack[i]
      let match
      try {
        match = layer.match(path)
      } catch {
        match = false
      }
      if (!match || !layer.route) continue
      if (layer.route._handlesMethod(method)) return keyOf(method, layer.route.path)
    }
    return null
  }
}

function buildKoaRouterMatch(table) {
  const router = new KoaRouter()
  for (const { method, path } of table) router[method.toLowerCase()](path, noop)
  return (method, path) => {
    const matched = router.match(path, method)
    if (!matched.route) return null
    // Koa dispatches the matching layers in order; the first route layer answers.
    const layer = matched.pathAndMethod.find((l) => l.methods.length > 0)
    return keyOf(method, layer.path)
  }
}

function buildFindMyWay(table) {
  const router = FindMyWay()
  for (const { method, path } of table) router.on(method, path, noop, { key: keyOf(method, path) })
  return (method, path) => router.find(method, path)?.store.key ?? null
}

// pulya's index over the same Express 4 stack: the candidates for the path (no cache), each
// confirmed with the layer's own matcher — what pulya's dispatch does on a cache miss.
function buildPulyaIndex(table, _hits, cached = false) {
  const router = express4.Router()
  for (const { method, path } of table) router[method.toLowerCase()](path, noop)
  const stack = router.stack
  const index = buildRouteIndex(stack.map(readLayerPattern))
  const cache = new RouteCache(1024, 1024)
  return (method, path) => {
    let candidates = cached ? cache.get(path) : undefined
    if (candidates === undefined) {
      candidates = findCandidates(index, path)
      if (cached) cache.set(path, candidates)
    }
    for (let i = 0; i < candidates.length; i++) {
      const layer = stack[candidates[i]]
      let match
      try {
        match = layer.match(path)
      } catch {
        match = false
      }
      if (match !== true || !layer.route) continue
      if (layer.route._handles_method(method)) return keyOf(method, layer.route.path)
    }
    return null
  }
}

// pulya on a cache hit: the LRU lookup, then the same confirmation of the few candidates.
function buildPulyaCached(table, hits) {
  return buildPulyaIndex(table, hits, true)
}

// The floor of any lookup cache: one Map hit on "METHOD path", filled with every hit input.
function buildMapCache(table, hits) {
  const cache = new Map(hits.map((h) => [keyOf(h.method, h.path), h.route]))
  return (method, path) => cache.get(keyOf(method, path)) ?? null
}

/**
 * The contestants: `build(table, hits)` returns `(method, path) => 'METHOD /pattern' | null`.
 * Add pulya's route index or lookup cache with one more line here.
 */
export const LOOKUP_CONTESTANTS = [
  { name: 'express4 router scan (layer.match loop)', build: buildExpress4Scan },
  { name: 'express5 router@2 scan (layer.match loop)', build: buildExpress5Scan },
  { name: '@koa/router router.match(path, method)', build: buildKoaRouterMatch },
  { name: 'find-my-way find()', build: buildFindMyWay },
  { name: 'Map hit (floor of a lookup cache)', build: buildMapCache, only: ['hit'] },
  { name: 'pulya index, no cache (express4 layers confirmed)', build: buildPulyaIndex },
  { name: 'pulya route cache hit (express4 layers confirmed)', build: buildPulyaCached }
]

const HITS = getWorkload('routes').requests

const MISSES = [
  { method: 'GET', path: '/does/not/exist' },
  { method: 'GET', path: '/repos/octocat/hello-world/nope' },
  { method: 'POST', path: '/gists/42' },
  { method: 'GET', path: '/users/mojombo/gists/extra/deep' },
  { method: 'DELETE', path: '/user' },
  { method: 'GET', path: '/zzz' }
]

export const lookupSuite = {
  name: `route lookup (GitHub table, ${GITHUB_ROUTES.length} routes)`,
  cases: [
    { name: 'hit', inputs: HITS, expected: HITS.map((h) => h.route) },
    { name: 'miss', inputs: MISSES, expected: MISSES.map(() => null) }
  ],
  contestants: LOOKUP_CONTESTANTS.map((c) => {
    const lookupOf = () => c.build(GITHUB_ROUTES, HITS)
    return {
      name: c.name,
      only: c.only,
      build: () => {
        const find = lookupOf()
        return (input) => find(input.method, input.path)
      }
    }
  })
}
