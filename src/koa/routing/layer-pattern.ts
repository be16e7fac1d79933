/**
 * Reads an `@koa/router` layer's path into a core {@link PathPattern}, or {@link ALWAYS} when it
 * cannot be read with certainty. `@koa/router` 13+ compiles string paths with path-to-regexp 8
 * (`end: false` for `use()` layers, `sensitive` and `strict`/`trailing` from the options, the
 * prefix already in `layer.path`); every reading errs towards "candidate", and the layer's own
 * `match` confirms.
 */
import { ALWAYS, PatternEnd, type PathPattern } from '../../core/path-pattern.js'
import { readPathToRegexp8 } from '../../core/path-to-regexp8.js'

/** The parts of an `@koa/router` layer pulya reads. */
export interface KoaLayerShape {
  path?: unknown
  regexp?: unknown
  opts?: { end?: unknown; pathAsRegExp?: unknown } | null
}

/**
 * A parameter followed by a modifier or a custom pattern (`:id?`, `:id*`, `:id(\\d+)`): the
 * path-to-regexp 6 syntax of older `@koa/router` versions, where such a parameter may be empty or
 * span segments. The reading stops before it.
 */
const MODIFIED_PARAM = /:[\w$]+[?*+(]/

/** Does `regexp` look like path-to-regexp 6's (its delimiter class names `#`)? Then nothing is read. */
function isPathToRegexp6(regexp: RegExp): boolean {
  return regexp.source.includes('#')
}

/** The pattern of one `@koa/router` layer. */
export function readKoaLayerPattern(layer: KoaLayerShape): PathPattern | typeof ALWAYS {
  // A layer with its own matcher is tried for every path.
  if (Object.prototype.hasOwnProperty.call(layer, 'match')) return ALWAYS
  const { path, regexp } = layer
  const opts = layer.opts ?? {}
  if (typeof path !== 'string' || opts.pathAsRegExp === true) return ALWAYS
  if (!(regexp instanceof RegExp) || regexp.global || regexp.sticky || isPathToRegexp6(regexp)) return ALWAYS
  const end = opts.end === false ? PatternEnd.Prefix : PatternEnd.End
  const modified = MODIFIED_PARAM.exec(path)
  return modified === null
    ? readPathToRegexp8(path, end)
    : readPathToRegexp8(path.slice(0, modified.index), PatternEnd.Stop)
}
