/**
 * Draws the requests sent to a generated app: paths built from the app's own routes
 * (so most requests reach deep into it), then varied — trailing slashes, case changes,
 * doubled slashes, percent-encoding (valid and malformed), query strings, absolute-form —
 * plus paths that miss, with methods including HEAD, OPTIONS and WebDAV ones.
 * @module
 */
import type { DiffRequest } from '../differential.js'
import type { Random } from '../mulberry32.js'
import { examplePath, LITERALS } from './paths.js'
import type { AppSpec, LayerSpec } from './spec.js'

const METHODS = [
  'GET',
  'GET',
  'GET',
  'GET',
  'GET',
  'HEAD',
  'OPTIONS',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'PROPFIND'
] as const
const QUERIES = ['?a=1', '?a=1&a=2', '?b[c]=d', '?x=%ZZ', '?', '?__proto__[p]=1'] as const

/** A path that reaches a layer, with the method its route answers (`null`: any). */
interface Example {
  readonly path: string
  readonly method: string | null
}

function routeMethod(method: string): string | null {
  return method === 'all' ? null : method.toUpperCase()
}

function collect(random: Random, layers: readonly LayerSpec[], prefix: string, out: Example[]): void {
  for (const layer of layers) {
    switch (layer.type) {
      case 'use':
        out.push({
          path:
            prefix +
            (layer.path === null ? '' : examplePath(random, layer.path)) +
            (random.chance(0.5) ? `/${random.pick(LITERALS)}` : ''),
          method: null
        })
        break
      case 'route':
        out.push({ path: prefix + examplePath(random, layer.path), method: routeMethod(layer.method) })
        break
      case 'chain':
        out.push({
          path: prefix + examplePath(random, layer.path),
          method: routeMethod(random.pick(layer.methods).method)
        })
        break
      case 'router':
      case 'subapp':
        for (const mount of layer.mounts)
          collect(random, layer.layers, prefix + examplePath(random, mount), out)
        break
      case 'error':
      case 'settings':
        break
    }
  }
}

function changeCase(random: Random, path: string): string {
  if (random.chance(0.5)) return path.toUpperCase()
  const at = random.int(path.length)
  return path.slice(0, at) + path.charAt(at).toUpperCase() + path.slice(at + 1)
}

/** Varies a path the ways real clients and attackers do. */
function vary(random: Random, path: string): string {
  let out = path === '' ? '/' : path
  const roll = random.int(100)
  if (roll < 12) out = out.endsWith('/') ? out.slice(0, -1) || '/' : `${out}/`
  else if (roll < 22) out = changeCase(random, out)
  else if (roll < 27) out = out.replace('/', '//')
  else if (roll < 33) out = out.replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`)
  else if (roll < 36) out = `${out}/%ZZ`
  else if (roll < 38) out = `http://example.com${out}`
  if (random.chance(0.2)) out += random.pick(QUERIES)
  return out
}

function missPath(random: Random): string {
  const depth = 1 + random.int(3)
  return Array.from({ length: depth }, () => `/${random.pick(LITERALS)}`).join('')
}

/**
 * Draws `count` requests for `spec`.
 *
 * @param random - the seeded source
 * @param spec - the app the requests are for
 * @param count - how many
 * @example
 * const requests = drawRequests(createRandom(7), spec, 50)
 */
export function drawRequests(random: Random, spec: AppSpec, count: number): DiffRequest[] {
  const examples: Example[] = []
  collect(random, spec.layers, '', examples)
  if (spec.late !== null) collect(random, [spec.late.layer], '', examples)
  const requests: DiffRequest[] = []
  for (let i = 0; i < count; i++) {
    const example = examples.length > 0 && random.chance(0.8) ? random.pick(examples) : null
    const drawn = random.pick(METHODS)
    // Mostly the method the route answers, so requests get past the method check.
    const method =
      example?.method !== null && example?.method !== undefined && random.chance(0.7) ? example.method : drawn
    const path = vary(random, example === null ? missPath(random) : example.path)
    const conditional = method === 'GET' && random.chance(0.05)
    requests.push(conditional ? { method, path, ifNoneMatchPrevious: true } : { method, path })
  }
  return requests
}
