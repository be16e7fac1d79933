/**
 * Path patterns: what an index may safely assume about the paths a layer can match.
 *
 * A host adapter reads a layer's path (a regular expression source in Express 4, a
 * path-to-regexp 8 string in Express 5) and emits a stream of tokens: literal text and
 * parameters. {@link compilePathPattern} turns that stream into a *necessary condition*
 * on the request path, split into segments. The condition only ever narrows: a layer
 * whose pattern rejects a path can never match it, and everything else is confirmed by
 * the host's own matcher. When in doubt a pattern says {@link ALWAYS}.
 */

/** A parameter occupying one whole path segment (one or more characters, no `/`). */
export interface ParamToken {
  readonly param: true
}

/** The one {@link ParamToken}: readers push it, compilers compare with it. */
export const PARAM: ParamToken = Object.freeze({ param: true })

/** One token of a layer's path: literal text (may contain `/`) or {@link PARAM}. */
export type PathToken = string | ParamToken

/** How a token stream ends. */
export const enum PatternEnd {
  /** The path must end after the last segment, allowing one trailing `/`. */
  End = 0,
  /** The path must continue with `/` or end after the last segment (a `use` mount). */
  Prefix = 1,
  /** The adapter stopped reading: the path only starts with what was read. */
  Stop = 2
}

/** A necessary condition on a path; literals are lower-cased (ASCII) for case-insensitive matching. */
export interface PathPattern {
  /** Whole segments: a literal, or `null` for a parameter. */
  readonly segments: ReadonlyArray<string | null>
  /** `true`: the path ends after `segments` (optionally with `/`); `false`: anything may follow. */
  readonly end: boolean
  /** With `end === false`: the segment after `segments` must start with this text. */
  readonly partial: string
}

/** What a reader returns for a layer with no usable pattern: a candidate for every path. */
export const ALWAYS = null

/** Lower-cases ASCII letters only: the case folding of a non-unicode `i` RegExp for ASCII text. */
export function foldCase(text: string): string {
  // Fast path: most paths are already lower case, and toLowerCase would also fold
  // non-ASCII letters, which a non-unicode `i` RegExp does not fold onto ASCII.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 65 && c <= 90) return text.replace(/[A-Z]+/g, (s) => s.toLowerCase()) // A-Z
  }
  return text
}

/**
 * Compiles a token stream into a {@link PathPattern}, or {@link ALWAYS} when the stream
 * does not start with `/`.
 *
 * @param tokens - literal text and parameters, in path order
 * @param end - how the stream ended
 * @example
 * compilePathPattern(['/users/', PARAM, '/posts'], PatternEnd.End)
 * // { segments: ['users', null, 'posts'], end: true, partial: '' }
 */
export function compilePathPattern(
  tokens: readonly PathToken[],
  end: PatternEnd
): PathPattern | typeof ALWAYS {
  const segments: Array<string | null> = []
  // The segment being read: its literal text, and whether a parameter is in it.
  let literal = ''
  let param = false
  let started = false
  let mixed = false
  for (const token of tokens) {
    if (typeof token !== 'string') {
      if (!started) return ALWAYS
      if (literal !== '' || param) {
        mixed = true
        break
      }
      param = true
      continue
    }
    for (let i = 0; i < token.length; i++) {
      const ch = token[i] as string
      if (!started) {
        if (ch !== '/') return ALWAYS
        started = true
        continue
      }
      if (ch === '/') {
        // "/a//b": an empty segment is read as a literal '' and matches only an empty one.
        segments.push(param ? null : foldCase(literal))
        literal = ''
        param = false
        continue
      }
      if (param) {
        // ":id.json" — a parameter sharing its segment: stop before that segment.
        mixed = true
        break
      }
      literal += ch
    }
    if (mixed) break
  }
  if (!started) {
    // Nothing read: "^\/?$" (the root route) reads as End with no segment.
    return end === PatternEnd.End
      ? { segments, end: true, partial: '' }
      : { segments, end: false, partial: '' }
  }
  if (mixed || end === PatternEnd.Stop) {
    return { segments, end: false, partial: param ? '' : foldCase(literal) }
  }
  if (literal === '' && !param) {
    // A trailing slash ("/users/"): its strictness is unknown, so only the prefix is certain.
    return { segments, end: false, partial: '' }
  }
  segments.push(param ? null : foldCase(literal))
  return { segments, end: end === PatternEnd.End, partial: '' }
}
