/**
 * The run's requests from the user's files: read before any process starts (a bad file is one
 * line, exit 2), then matched to the app's routes and merged with the placeholders.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { UsageError, parseArgs } from '../../src/cli/args.js'
import type { RouteInfo } from '../../src/cli/routes.js'
import { buildTargets, readSources, yamlParser } from '../../src/cli/sources.js'
import type { Matcher } from '../../src/cli/spec-match.js'

const dir = mkdtempSync(join(tmpdir(), 'pulya-sources-'))
const file = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text)
  return join(dir, name)
}
const har = (...urls: string[]): string =>
  JSON.stringify({ log: { entries: urls.map((url) => ({ request: { method: 'GET', url, headers: [] } })) } })
const check = (...options: string[]): ReturnType<typeof parseArgs> =>
  parseArgs(['check', 'app.js', ...options])

describe('yamlParser', () => {
  it("yaml's parse when it is installed", async () => {
    expect((await yamlParser())?.('a: [1]')).toEqual({ a: [1] })
  })

  it('undefined when it is not', async () => {
    expect(await yamlParser('pulya-no-such-yaml')).toBeUndefined()
  })
})

describe('readSources', () => {
  it('nothing given: no samples, no document, no traffic', async () => {
    expect(await readSources(check())).toEqual({ samples: {}, spec: undefined, har: undefined })
  })

  it('reads --samples, a YAML --openapi and --har', async () => {
    const sources = await readSources(
      check(
        '--samples',
        file('s.json', '{"/a": {"query": {"q": "1"}}}'),
        '--openapi',
        file('o.yaml', 'openapi: 3.0.0\npaths:\n  /a:\n    get: {}\n'),
        '--har',
        file('t.har', har('http://app.example/a'))
      )
    )
    expect(sources.samples).toEqual({ '/a': { query: { q: '1' } } })
    expect(sources.spec?.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /a'])
    expect(sources.har?.map((r) => `${r.host} ${r.path}`)).toEqual(['app.example /a'])
  })

  it.each([
    [['--samples', join(dir, 'none.json')], /^pulya: cannot read --samples .*none\.json: no such file$/],
    [['--samples', dir], /^pulya: cannot read --samples .*: EISDIR: /],
    [['--samples', file('bad.json', '[]')], /^pulya: --samples .*bad\.json: samples: expected an object/],
    [['--openapi', file('bad-spec.json', '{')], /^pulya: --openapi .*bad-spec\.json: /],
    [['--har', file('empty.har', har('data:,x'))], /^pulya: --har .*empty\.har: no HTTP request in the file$/]
  ])('%j: one line naming the option and the file', async (options, message) => {
    const error = await readSources(check(...options)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UsageError)
    expect((error as Error).message).toMatch(message)
  })
})

describe('buildTargets', () => {
  const routes: RouteInfo[] = [
    { methods: ['GET'], path: '/api/a', exact: true },
    { methods: ['GET'], path: '/b', exact: true }
  ]
  const match: Matcher = (requests) =>
    Promise.resolve(requests.map((r) => (r.path.startsWith('/api/a') ? '/api/a' : null)))
  const spec = file('spec.json', JSON.stringify({ openapi: '3.0.0', paths: { '/a': { get: {} } } }))
  const traffic = file('traffic.har', har('http://app.example/api/a?x=1', 'http://app.example/api/a?x=1'))

  it('the routes alone: placeholders, no traffic', async () => {
    const args = check()
    const { targets, har } = await buildTargets(args, await readSources(args), { routes, match })
    expect(targets.map((t) => t.path)).toEqual(['/api/a', '/b'])
    expect(har).toBeUndefined()
  })

  it("the document's operations under the prefix they match, then the routes they do not cover", async () => {
    const args = check('--openapi', spec)
    const { targets } = await buildTargets(args, await readSources(args), { routes, match })
    expect(targets.map((t) => `${t.path} ${t.template}`)).toEqual(['/api/a /api/a', '/b /b'])
  })

  it("the HAR's requests first, weighted; and alone for bench", async () => {
    const args = check('--har', traffic)
    const { targets, har } = await buildTargets(args, await readSources(args), { routes, match })
    expect(targets.map((t) => `${t.path} ${t.weight}`)).toEqual(['/api/a?x=1 2', '/b 1'])
    expect(har?.map((t) => `${t.path} ${t.weight}`)).toEqual(['/api/a?x=1 2'])
  })

  it.each([
    [
      ['--openapi', file('other.json', JSON.stringify({ openapi: '3.0.0', paths: { '/zzz': { get: {} } } }))],
      /^pulya: --openapi .*other\.json: GET \/zzz matches no route of the app/
    ],
    [
      ['--har', file('cdn.har', har('http://cdn.example/x'))],
      /^pulya: --har .*cdn\.har: no request of the HAR matches a route of the app/
    ]
  ])('%j that does not fit the app: one line naming the option and the file', async (options, message) => {
    const args = check(...options)
    const error = await buildTargets(args, await readSources(args), { routes, match }).catch(
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(UsageError)
    expect((error as Error).message).toMatch(message)
  })
})
