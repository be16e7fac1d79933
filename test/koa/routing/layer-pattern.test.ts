/**
 * The Koa index may only narrow: for every real `@koa/router` layer (routes, `use()` layers,
 * prefixes, options) and every path, if the layer's own `match` accepts the path, the layer
 * must be a candidate. Plus a random search over generated path-to-regexp 8 paths.
 */
import { describe, expect, it } from 'vitest'
import KoaRouter from '@koa/router'
import { ALWAYS, PatternEnd } from '../../../src/core/path-pattern.js'
import { buildRouteIndex, findCandidates } from '../../../src/core/route-index.js'
import { readPathToRegexp8 } from '../../../src/core/path-to-regexp8.js'
import { readKoaLayerPattern, type KoaLayerShape } from '../../../src/koa/routing/layer-pattern.js'
import { createRandom } from '../../../compat/mulberry32.js'

const noop = (): void => undefined
type Layer = KoaLayerShape & { match: (path: string) => boolean; path: unknown }

const PATHS = [
  '/',
  '/users',
  '/users/',
  '/users/:id',
  '/users/:id/posts/:postId',
  '/api',
  '/api/v1',
  '/a-b_c~d/:x',
  '/robots.txt',
  '/caf%C3%A9',
  '/UPPER/:Case',
  '/x//y',
  '/users/me',
  '/:only',
  '/users/:id/',
  '/{:a}',
  '/*splat',
  '/a{/:b}',
  '/files/:name.json',
  '/:"quoted"',
  '/esc\\:aped',
  /^\/regex\/(\d+)$/i,
  /\/unanchored/,
  '/café',
  '/$dollar/:$id',
  '/:ünïcode',
  ''
]
const REQUESTS = [
  '',
  '/',
  '//',
  '/users',
  '/USERS',
  '/users/',
  '/users//',
  '/users/7',
  '/users/7/',
  '/users/me',
  '/users/7/posts/9',
  '/users/7/posts/9/',
  '/users/%ZZ',
  '/api',
  '/api/',
  '/api/v1',
  '/api/v1/x',
  '/apix',
  '/a-b_c~d/1',
  '/robots.txt',
  '/robots.txtx',
  '/caf%C3%A9',
  '/caf%c3%a9',
  '/upper/x',
  '/x//y',
  '/a/b',
  '/a',
  '/files/x.json',
  '/quoted',
  '/esc:aped',
  '/café',
  '/$dollar/1',
  '/ünïcode',
  '/regex/12',
  '/REGEX/12',
  '/x/unanchored',
  '/anything/at/all',
  '/p',
  '/p/',
  '/p/users',
  '/P/users/7',
  '/p/api/v1',
  'users',
  'p/users'
]

/** Throws if a layer that accepts a request is not a candidate; returns how many acceptances were checked. */
function assertSound(stack: Layer[], requests: readonly string[], label: string): number {
  let checked = 0
  const index = buildRouteIndex(stack.map(readKoaLayerPattern))
  for (const request of requests) {
    const candidates = new Set(findCandidates(index, request))
    stack.forEach((layer, position) => {
      let accepted: boolean
      try {
        accepted = layer.match(request)
      } catch {
        // A layer without a RegExp (an empty path) throws on every match: it must be tried too.
        accepted = true
      }
      if (!accepted) return
      checked++
      if (!candidates.has(position)) {
        throw new Error(
          `${label}: layer ${position} (${String(layer.path)}, ${String(layer.regexp)}) matches ${JSON.stringify(request)} but is not a candidate`
        )
      }
    })
  }
  return checked
}

describe('@koa/router layers', () => {
  it.each([
    ['default', {}],
    ['sensitive + strict', { sensitive: true, strict: true }],
    ['prefix /p', { prefix: '/p' }],
    ['prefix /p, strict', { prefix: '/p', strict: true }]
  ])('never leaves out a layer @koa/router would match (%s)', (label, options) => {
    const router = new KoaRouter(options)
    for (const path of PATHS) {
      try {
        router.get(path, noop)
      } catch {
        /* a syntax this version rejects: not a layer */
      }
      try {
        router.use(path, noop)
      } catch {
        /* likewise */
      }
    }
    router.use(noop)
    const nested = new KoaRouter()
    nested.get('/deep/:x', noop)
    nested.use(noop)
    router.use('/nest/:g', nested.routes())
    const stack = router.stack as unknown as Layer[]
    expect(stack.length).toBeGreaterThan(PATHS.length)
    expect(assertSound(stack, REQUESTS, label)).toBeGreaterThan(50)
  })

  it('holds for generated path-to-regexp 8 paths and requests (random search)', () => {
    const random = createRandom(20261127)
    const pieces = [
      'a',
      'b',
      'users',
      'x.y',
      ':id',
      ':name',
      '{/:opt}',
      '{/x}',
      '*rest',
      '\\:lit',
      '-',
      '.json',
      'A',
      '%20'
    ]
    const drawPath = (): string => {
      let path = ''
      const length = 1 + random.int(4)
      for (let i = 0; i < length; i++) path += (random.chance(0.8) ? '/' : '') + random.pick(pieces)
      return random.chance(0.1) ? `${path}/` : path
    }
    const segments = [
      'a',
      'b',
      'users',
      'x.y',
      '7',
      'A',
      'x',
      'json',
      'a.json',
      '%20',
      ':lit',
      '',
      'B',
      'opt'
    ]
    const drawRequest = (): string => {
      let path = ''
      const length = random.int(5)
      for (let i = 0; i < length; i++) path += `/${random.pick(segments)}`
      return random.chance(0.1) ? `${path}/` : path || '/'
    }
    let checked = 0
    for (let round = 0; round < 40; round++) {
      const router = new KoaRouter({
        sensitive: random.chance(0.3),
        strict: random.chance(0.3),
        ...(random.chance(0.3) ? { prefix: '/a' } : {})
      })
      for (let i = 0; i < 15; i++) {
        try {
          if (random.chance(0.7)) router.get(drawPath(), noop)
          else router.use(drawPath(), noop)
        } catch {
          /* an invalid draw */
        }
      }
      const requests = Array.from({ length: 200 }, drawRequest)
      checked += assertSound(router.stack, requests, `round ${round}`)
    }
    expect(checked).toBeGreaterThan(500)
  })

  it('narrows a table to the layer whose literal prefix the path has', () => {
    const router = new KoaRouter()
    for (let i = 0; i < 50; i++) router.get(`/r${i}/:id/items`, noop)
    const index = buildRouteIndex((router.stack as unknown as Layer[]).map(readKoaLayerPattern))
    expect(findCandidates(index, '/r42/7/items')).toEqual([42])
    expect(findCandidates(index, '/r42/7')).toEqual([])
  })

  it.each([
    ['a path given as a RegExp (pathAsRegExp)', { path: '/a', regexp: /^\/a/, opts: { pathAsRegExp: true } }],
    ['a RegExp path', { path: /^\/a/, regexp: /^\/a/ }],
    ['a stateful RegExp', { path: '/a', regexp: /^\/a/g }],
    ['no RegExp', { path: '/a', regexp: 'not a RegExp' }],
    ['a layer with its own match', Object.assign({ path: '/a', regexp: /^\/a/ }, { match: noop })],
    // path-to-regexp 6 (older @koa/router): its delimiter class names '#'.
    ['a path-to-regexp 6 RegExp', { path: '/a', regexp: /^\/a[/#?]?$/i }]
  ] as Array<[string, KoaLayerShape]>)('leaves %s to the layer', (_case, layer) => {
    expect(readKoaLayerPattern(layer)).toBe(ALWAYS)
  })

  it.each([
    [
      'a modified parameter (path-to-regexp 6): up to it',
      { path: '/users/:id?', regexp: /^\/users(?:\/([^/]+))?$/i },
      readPathToRegexp8('/users/', PatternEnd.Stop)
    ],
    [
      'a route without options',
      { path: '/a', regexp: /^\/a$/i, opts: null },
      readPathToRegexp8('/a', PatternEnd.End)
    ],
    [
      'a use() layer (end: false)',
      { path: '/a', regexp: /^\/a/i, opts: { end: false } },
      readPathToRegexp8('/a', PatternEnd.Prefix)
    ]
  ] as Array<[string, KoaLayerShape, unknown]>)('reads %s', (_case, layer, expected) => {
    expect(readKoaLayerPattern(layer)).toEqual(expected)
  })
})
