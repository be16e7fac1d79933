/**
 * Reads an Express layer's path into a core {@link PathPattern}, or {@link ALWAYS} when it
 * cannot be read with certainty. Express 4 layers carry the RegExp built by path-to-regexp
 * 0.1; Express 5 layers (the `router` package) carry the raw path for path-to-regexp 8.
 * Every reading errs towards "candidate": the host's own matcher has the last word.
 */
import {
  ALWAYS,
  PARAM,
  PatternEnd,
  compilePathPattern,
  type PathPattern,
  type PathToken
} from '../../core/path-pattern.js'
import { isAsciiWord, readPathToRegexp8 } from '../../core/path-to-regexp8.js'

/** The parts of an Express 4 or Express 5 layer pulya reads. */
export interface ExpressLayer {
  handle: unknown
  route?: unknown
  regexp?: RegExp & { fast_slash?: boolean; fast_star?: boolean }
  rawPath?: unknown
  slash?: boolean
  match: (path: string) => unknown
}

/** path-to-regexp 0.1's parameter group: "/" then one or more characters but "/". */
const P2R01_PARAMS = ['(?:\\/([^/]+?))', '(?:\\/([^\\/]+?))']
/** Endings of path-to-regexp 0.1 sources: route (loose or strict) and `use` mounts. */
const P2R01_ENDS: ReadonlyArray<readonly [string, PatternEnd]> = [
  ['\\/?$', PatternEnd.End],
  ['$', PatternEnd.End],
  ['\\/?(?=\\/|$)', PatternEnd.Prefix],
  ['(?=\\/|$)', PatternEnd.Prefix]
]
const QUANTIFIERS = '?*+{'
const REGEXP_SPECIALS = '^$.|?*+()[]{}'

/**
 * Reads a RegExp source: literal characters, path-to-regexp 0.1 parameter groups and endings.
 * Anything else stops the reading; alternation, or flags that make matching stateful
 * (`g`, `y`), line-based (`m`) or unicode-folded (`u`, `v`), make the layer {@link ALWAYS}.
 */
export function readRegExp(regexp: RegExp): PathPattern | typeof ALWAYS {
  if (/[gymuv]/.test(regexp.flags)) return ALWAYS
  const source = regexp.source
  if (source[0] !== '^') return ALWAYS
  // Alternation anywhere but in the `use` ending "(?=\/|$)" could undo the "^" anchor.
  const MOUNT_LOOKAHEAD = '(?=\\/|$)'
  const body = source.endsWith(MOUNT_LOOKAHEAD) ? source.slice(0, -MOUNT_LOOKAHEAD.length) : source
  if (body.includes('|')) return ALWAYS
  const tokens: PathToken[] = []
  // Literal text is gathered into one token per run: a 10,000-route table is read at start-up.
  let literal = ''
  let pos = 1
  while (pos < source.length) {
    const ending = endingAt(source, pos)
    if (ending !== undefined) {
      if (literal !== '') tokens.push(literal)
      return compilePathPattern(tokens, ending)
    }
    const param = paramAt(source, pos)
    let unit: string
    let length: number
    if (param !== 0) {
      unit = ''
      length = param
    } else if (source.charCodeAt(pos) === 92) {
      // '\'
      const next = source.charCodeAt(pos + 1)
      // "\d", "\w", "\b"…: classes and assertions, not literals.
      if (Number.isNaN(next) || isAsciiWord(next)) break
      unit = source[pos + 1] as string
      length = 2
    } else {
      const ch = source[pos] as string
      if (REGEXP_SPECIALS.includes(ch) || ch.charCodeAt(0) > 127) break
      unit = ch
      length = 1
    }
    // "b?" or "(...)*": what a quantifier follows is not certain to be there.
    const after = source[pos + length]
    if (after !== undefined && QUANTIFIERS.includes(after)) break
    if (param !== 0) {
      tokens.push(literal + '/', PARAM)
      literal = ''
    } else literal += unit
    pos += length
  }
  if (literal !== '') tokens.push(literal)
  return compilePathPattern(tokens, PatternEnd.Stop)
}

/** The path-to-regexp 0.1 ending that is the whole rest of `source` from `pos`, if one is. */
function endingAt(source: string, pos: number): PatternEnd | undefined {
  for (const [text, end] of P2R01_ENDS) {
    if (source.length - pos === text.length && source.startsWith(text, pos)) return end
  }
  return undefined
}

/** The length of the path-to-regexp 0.1 parameter group at `pos`, or 0. */
function paramAt(source: string, pos: number): number {
  for (const text of P2R01_PARAMS) {
    if (source.startsWith(text, pos)) return text.length
  }
  return 0
}

/**
 * The pattern of one layer of an Express 4 or Express 5 router.
 *
 * @returns a pattern, an array of patterns (a path array), or {@link ALWAYS}
 */
export function readLayerPattern(layer: ExpressLayer): PathPattern | PathPattern[] | typeof ALWAYS {
  // A layer with its own matcher, or a catch-all mount, is tried for every path.
  if (Object.prototype.hasOwnProperty.call(layer, 'match')) return ALWAYS
  const end = layer.route === undefined ? PatternEnd.Prefix : PatternEnd.End
  if (layer.regexp instanceof RegExp) {
    if (layer.regexp.fast_slash === true || layer.regexp.fast_star === true) return ALWAYS
    return readRegExp(layer.regexp)
  }
  if (layer.slash === true) return ALWAYS
  const raw = layer.rawPath
  if (typeof raw === 'string') return readPathToRegexp8(raw, end)
  if (raw instanceof RegExp) return readRegExp(raw)
  if (Array.isArray(raw)) {
    const patterns: PathPattern[] = []
    for (const item of raw as unknown[]) {
      const pattern =
        typeof item === 'string'
          ? readPathToRegexp8(item, end)
          : item instanceof RegExp
            ? readRegExp(item)
            : ALWAYS
      if (pattern === ALWAYS) return ALWAYS
      patterns.push(pattern)
    }
    return patterns
  }
  return ALWAYS
}

/** A path-to-regexp 0.1 key, as Express 4 keeps it on `layer.keys`. */
interface P2R01Key {
  name: string | number
  optional?: boolean
}

/**
 * The template of an Express layer's path in the host's own syntax, as the app wrote it:
 * `'/users/:id'`, Express 5 `'/files/*path'`; `''` for a mount at the root. Routes keep
 * their path (`layer.route.path`), Express 5 layers their raw path; Express 4 mounts keep
 * only a RegExp, read back here (literals, `:name` and `:name?` parameters).
 *
 * @returns the template, or `undefined` when it cannot be told with certainty (a RegExp path,
 *   a path array, a pattern beyond `:name`)
 * @example
 * router.stack.map(layerTemplate) // ['/users/:id', '/api', …]
 */
export function layerTemplate(layer: ExpressLayer & { keys?: unknown }): string | undefined {
  const route = layer.route as { path?: unknown } | undefined
  if (route !== undefined && typeof route.path === 'string') return route.path
  if (typeof layer.rawPath === 'string') return layer.rawPath === '/' ? '' : layer.rawPath
  const regexp = layer.regexp
  if (!(regexp instanceof RegExp) || layer.rawPath !== undefined) return undefined
  if (regexp.fast_slash === true) return ''
  return readRegExpTemplate(regexp.source, Array.isArray(layer.keys) ? (layer.keys as P2R01Key[]) : [])
}

/** Reads a path-to-regexp 0.1 source back into the path it was built from. */
function readRegExpTemplate(source: string, keys: readonly P2R01Key[]): string | undefined {
  if (source[0] !== '^') return undefined
  let template = ''
  let key = 0
  let pos = 1
  while (pos < source.length) {
    if (endingAt(source, pos) !== undefined) return template
    const param = paramAt(source, pos)
    if (param !== 0) {
      const name = keys[key++]?.name
      if (typeof name !== 'string') return undefined
      pos += param
      const optional = source[pos] === '?'
      if (optional) pos++
      template += '/:' + name + (optional ? '?' : '')
      continue
    }
    const ch = source[pos] as string
    if (ch === '\\') {
      const next = source[pos + 1]
      if (next === undefined || isAsciiWord(next.charCodeAt(0))) return undefined
      template += next
      pos += 2
      continue
    }
    if (REGEXP_SPECIALS.includes(ch)) return undefined
    template += ch
    pos++
  }
  return undefined
}
