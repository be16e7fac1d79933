/**
 * Reading a path-to-regexp 8 path — the syntax of Express 5 (the `router` package) and of
 * `@koa/router` 13+ — into a core {@link PathPattern}. Host-agnostic: it reads the path
 * syntax, not a framework's objects; each adapter decides which layers it applies to.
 */
import {
  PARAM,
  PatternEnd,
  compilePathPattern,
  type ALWAYS,
  type PathPattern,
  type PathToken
} from './path-pattern.js'

/** `[0-9A-Za-z_]` by char code. */
export function isAsciiWord(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95
  ) // 0-9 A-Z a-z _
}

/**
 * Reads a path-to-regexp 8 path: literal text, backslash escapes and
 * `:name` parameters; wildcards (`*`), optional groups (`{}`) and quoted names stop the reading.
 */
export function readPathToRegexp8(path: string, end: PatternEnd): PathPattern | typeof ALWAYS {
  const tokens: PathToken[] = []
  let pos = 0
  let stopped = false
  while (pos < path.length && !stopped) {
    const ch = path[pos] as string
    if (ch === ':') {
      let cursor = pos + 1
      const first = path.charCodeAt(cursor)
      if (Number.isNaN(first) || !(isAsciiWord(first) || first === 36) || (first >= 48 && first <= 57)) {
        stopped = true
        break
      }
      while (cursor < path.length && (isAsciiWord(path.charCodeAt(cursor)) || path.charCodeAt(cursor) === 36))
        cursor++ // $
      // A unicode letter continues the name in path-to-regexp 8: unread, so stop.
      if (cursor < path.length && path.charCodeAt(cursor) > 127) {
        stopped = true
        break
      }
      tokens.push(PARAM)
      pos = cursor
    } else if (ch === '\\') {
      const next = path[pos + 1]
      if (next === undefined || next.charCodeAt(0) > 127) {
        stopped = true
        break
      }
      tokens.push(next)
      pos += 2
    } else if ('*{}()[]+?!'.includes(ch) || ch.charCodeAt(0) > 127) {
      stopped = true
    } else {
      tokens.push(ch)
      pos++
    }
  }
  return compilePathPattern(tokens, stopped ? PatternEnd.Stop : end)
}
