import { describe, expect, it } from 'vitest'
import {
  PARAM,
  PatternEnd,
  compilePathPattern,
  type PathPattern,
  type PathToken
} from '../../src/core/path-pattern.js'
import { buildRouteIndex, findCandidates } from '../../src/core/route-index.js'

function pattern(tokens: PathToken[], end: PatternEnd): PathPattern {
  return compilePathPattern(tokens, end) as PathPattern
}

describe('route index', () => {
  const index = buildRouteIndex([
    null, // 0: always
    pattern(['/users'], PatternEnd.End), // 1
    pattern(['/users/', PARAM], PatternEnd.End), // 2
    pattern(['/api'], PatternEnd.Prefix), // 3
    pattern(['/users/', PARAM, '/posts/', PARAM], PatternEnd.End), // 4
    [pattern(['/a'], PatternEnd.End), pattern(['/b'], PatternEnd.End)], // 5: a path array
    pattern(['/files/rep'], PatternEnd.Stop), // 6: partial
    pattern([], PatternEnd.End), // 7: root route
    pattern(['/users/me'], PatternEnd.End), // 8
    [pattern(['/a'], PatternEnd.End), pattern(['/A'], PatternEnd.End)] // 9: same node twice
  ])

  it.each([
    ['/users', [0, 1]],
    ['/USERS/', [0, 1]],
    ['/users/7', [0, 2]],
    ['/users/me', [0, 2, 8]],
    ['/users/7/', [0, 2]],
    ['/users//', [0]],
    ['/users/7/posts/9', [0, 4]],
    ['/users/7/posts', [0]],
    ['/api', [0, 3]],
    ['/api/x/y', [0, 3]],
    ['/apix', [0]],
    ['/a', [0, 5, 9]],
    ['/b/', [0, 5]],
    ['/files/report', [0, 6]],
    ['/files/other', [0]],
    ['/files', [0]],
    ['/', [0, 7]],
    ['//', [0]],
    ['/nothing/here', [0]]
  ])('%s → %j', (path, expected) => {
    expect(findCandidates(index, path)).toEqual(expected)
  })

  it('returns only the always list when no pattern admits the path', () => {
    const empty = buildRouteIndex([])
    expect(empty.size).toBe(0)
    expect(findCandidates(empty, '/x')).toEqual([])
    expect(findCandidates(buildRouteIndex([pattern(['/x'], PatternEnd.End)]), '/x')).toEqual([0])
  })
})
