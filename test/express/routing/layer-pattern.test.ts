/**
 * The layer reader. The index may only narrow: for every real Express layer and every path, if
 * Express's own matcher accepts the path (or throws on it), the layer must be a candidate. And a
 * layer's template is read back as the app wrote it, or not at all.
 */
import { describe, expect, it } from 'vitest'
import { ALWAYS, PatternEnd } from '../../../src/core/path-pattern.js'
import { buildRouteIndex, findCandidates } from '../../../src/core/route-index.js'
import {
  layerTemplate,
  readLayerPattern,
  readRegExp,
  type ExpressLayer
} from '../../../src/express/routing/layer-pattern.js'
import { readPathToRegexp8 } from '../../../src/core/path-to-regexp8.js'
import { EXPRESS_HOSTS, type ExpressFactory } from '../../helpers/hosts.js'

const noop = (): void => undefined

const COMMON_PATHS = [
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
  '/users/:id/'
]
const EXPRESS4_PATHS = [
  '/a/*',
  '/:a?',
  '/ab?cd',
  '/a/(\\d+)',
  '/users/:id.:fmt',
  '/files/:name(\\w+)',
  ['/arr1', '/arr2/:p'],
  /^\/regex\/(\d+)$/i,
  /\/unanchored/,
  /^\/sticky/y,
  '*',
  '/ab*cd',
  '/ab+cd'
]
const EXPRESS5_PATHS = [
  '/{:a}',
  '/*splat',
  '/a{/:b}',
  '/files/:name.json',
  '/:"quoted"',
  '/esc\\:aped',
  ['/arr1', '/arr2/:p'],
  /^\/regex\/(\d+)$/i,
  /\/unanchored/,
  /^\/global/g,
  '/café',
  '/$dollar/:$id',
  '/:ünïcode'
]
const REQUESTS = [
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
  '/users/%E0%A4%A',
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
  '/abcd',
  '/acd',
  '/abbbcd',
  '/a/123',
  '/users/1.json',
  '/files/abc',
  '/arr1',
  '/arr2/z',
  '/regex/12',
  '/REGEX/12',
  '/x/unanchored',
  '/sticky',
  '/abXcd',
  '/files/x.json',
  '/quoted',
  '/esc:aped',
  '/café',
  '/caf\u00e9',
  '/$dollar/1',
  '/global',
  '/global',
  '/ünïcode',
  '/anything/at/all'
]

describe.each(EXPRESS_HOSTS)('$name layers', ({ name, express }) => {
  const paths = [...COMMON_PATHS, ...(name === 'express@4' ? EXPRESS4_PATHS : EXPRESS5_PATHS)]

  it.each([
    ['default', {}],
    ['case sensitive + strict', { caseSensitive: true, strict: true }]
  ])('never leaves out a layer Express would match (%s)', (_label, options) => {
    const router = express.Router(options) as unknown as {
      stack: ExpressLayer[]
      use: (...a: unknown[]) => void
      get: (...a: unknown[]) => void
    }
    for (const path of paths) {
      try {
        router.get(path, noop)
        router.use(path, noop)
      } catch {
        // A syntax this major rejects: not a layer.
      }
    }
    const stack = router.stack
    expect(stack.length).toBeGreaterThan(paths.length)
    const index = buildRouteIndex(stack.map(readLayerPattern))
    for (const request of REQUESTS) {
      const candidates = new Set(findCandidates(index, request))
      stack.forEach((layer, position) => {
        let accepted: boolean
        try {
          accepted = Boolean(layer.match(request))
        } catch {
          accepted = true
        }
        if (accepted && !candidates.has(position)) {
          throw new Error(
            `${name}: layer ${position} (${String(layer.regexp ?? layer.rawPath)}) matches ${request} but is not a candidate`
          )
        }
      })
    }
  })

  it('narrows a table of literal and param routes to the matching ones', () => {
    const router = express.Router() as unknown as { stack: ExpressLayer[]; get: (...a: unknown[]) => void }
    for (let i = 0; i < 50; i++) router.get(`/r${i}/:id/items`, noop)
    const index = buildRouteIndex(router.stack.map(readLayerPattern))
    expect(findCandidates(index, '/r42/7/items')).toEqual([42])
    expect(findCandidates(index, '/r42/7')).toEqual([])
  })
})

describe('readers', () => {
  it.each([
    [/^\/a\/b\/?$/i, { segments: ['a', 'b'], end: true, partial: '' }],
    [/^\/a(?:\/([^/]+?))\/?$/i, { segments: ['a', null], end: true, partial: '' }],
    [/^\/a\/?(?=\/|$)/i, { segments: ['a'], end: false, partial: '' }],
    [/^\/ab\d/, { segments: [], end: false, partial: 'ab' }],
    [/^\/a\\/, { segments: [], end: false, partial: 'a\\' }],
    [/^\/é/, { segments: [], end: false, partial: '' }]
  ])('readRegExp(%s)', (regexp, expected) => {
    expect(readRegExp(regexp)).toEqual(expected)
  })

  it.each([/\/a/, /^\/a|\/b/, /^\/a/g, /^\/a/m, /^\/a/u, /^\/a(?:\/([^/]+?))?|x/])(
    'readRegExp(%s) is ALWAYS',
    (regexp) => {
      expect(readRegExp(regexp)).toBe(ALWAYS)
    }
  )

  it.each([
    ['/a/:b', PatternEnd.End, { segments: ['a', null], end: true, partial: '' }],
    ['/a/:1', PatternEnd.End, { segments: ['a'], end: false, partial: '' }],
    ['/a/:', PatternEnd.End, { segments: ['a'], end: false, partial: '' }],
    ['/a\\', PatternEnd.End, { segments: [], end: false, partial: 'a' }],
    ['/a\\é', PatternEnd.End, { segments: [], end: false, partial: 'a' }],
    ['/a/*rest', PatternEnd.End, { segments: ['a'], end: false, partial: '' }],
    ['/a/:abü', PatternEnd.End, { segments: ['a'], end: false, partial: '' }]
  ])('readPathToRegexp8(%s)', (path, end, expected) => {
    expect(readPathToRegexp8(path, end)).toEqual(expected)
  })

  it('reads layers with own matchers, catch-alls and unknown shapes as ALWAYS', () => {
    expect(readLayerPattern({ handle: noop, match: () => true, regexp: /^\/a/ })).toBe(ALWAYS)
    expect(
      readLayerPattern(
        Object.create({ match: noop }, { handle: { value: noop }, slash: { value: true } }) as ExpressLayer
      )
    ).toBe(ALWAYS)
    expect(
      readLayerPattern(
        Object.create({ match: noop }, { handle: { value: noop }, rawPath: { value: 42 } }) as ExpressLayer
      )
    ).toBe(ALWAYS)
    expect(
      readLayerPattern(
        Object.create(
          { match: noop },
          { handle: { value: noop }, rawPath: { value: ['/a', 42] } }
        ) as ExpressLayer
      )
    ).toBe(ALWAYS)
  })
})

describe('layerTemplate', () => {
  const [express4, express5] = EXPRESS_HOSTS.map((host) => host.express) as [ExpressFactory, ExpressFactory]
  function stackOf(express: ExpressFactory, optional: string): ExpressLayer[] {
    const router = express.Router() as unknown as {
      stack: ExpressLayer[]
      use: (...a: unknown[]) => void
      get: (...a: unknown[]) => void
    }
    const noop = (): void => {}
    router.use(noop)
    router.use('/api/:version', noop)
    router.use(optional, noop)
    router.get('/users/:id', noop)
    router.use(/^\/re/, noop)
    router.use(['/a', '/b'], noop)
    router.use('/a.b-c', noop)
    return router.stack
  }
  it('reads Express 4 mounts back from their RegExp', () => {
    expect(stackOf(express4, '/opt/:x?').map((layer) => layerTemplate(layer))).toEqual([
      '',
      '/api/:version',
      '/opt/:x?',
      '/users/:id',
      undefined,
      undefined,
      '/a.b-c'
    ])
  })
  it('gives Express 5 layers their raw path', () => {
    expect(stackOf(express5, '/opt{/:x}').map((layer) => layerTemplate(layer))).toEqual([
      '',
      '/api/:version',
      '/opt{/:x}',
      '/users/:id',
      undefined,
      undefined,
      '/a.b-c'
    ])
  })
  it('is undefined for sources it cannot read', () => {
    const handle = (): void => {}
    const read = (source: RegExp, keys: unknown[] = []): string | undefined =>
      layerTemplate({ handle, regexp: source, keys, match: () => true })
    expect(read(/\/a/)).toBeUndefined()
    expect(read(/^\/a\d/)).toBeUndefined()
    expect(read(/^\/a\\/)).toBe(undefined)
    expect(read(/^\/a\/b/)).toBeUndefined()
    expect(read(/^\/a(?:\/([^/]+?))\/?$/i, [{ name: 0 }])).toBeUndefined()
    expect(read(/^\/a(?:\/([^/]+?))\/?$/i)).toBeUndefined()
    expect(layerTemplate({ handle, regexp: /^\/a\/?$/i, match: () => true })).toBe('/a')
    expect(layerTemplate({ handle, match: () => true })).toBeUndefined()
  })
})
