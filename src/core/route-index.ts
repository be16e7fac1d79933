/**
 * The route index: from a request path to the ordered positions of the layers that may
 * match it, without scanning the whole stack.
 *
 * Layers are inserted by their {@link PathPattern} into a segment trie. A lookup walks the
 * path's segments through literal and parameter branches at once and collects every layer
 * whose pattern admits the path — *all* of them, not the most specific: the host runs
 * layers in registration order, so the index only narrows the candidates and returns them
 * sorted by position. Each candidate is then confirmed by the host's own matcher.
 */
import { foldCase, type ALWAYS, type PathPattern } from './path-pattern.js'

/** What one layer contributes to an index: a pattern, several (a path array), or {@link ALWAYS}. */
export type LayerPatterns = PathPattern | readonly PathPattern[] | typeof ALWAYS

/** A layer mounted as a prefix: candidate for every path through its node. */
interface PrefixEntry {
  readonly position: number
  readonly partial: string
}

class TrieNode {
  /** Children by folded literal segment; a Map because segments are user-controlled keys. */
  literals: Map<string, TrieNode> | null = null
  param: TrieNode | null = null
  /** Positions of layers whose pattern ends at this node. */
  ends: number[] | null = null
  /** Layers mounted at this node (`use`), or whose pattern was only partly understood. */
  prefixes: PrefixEntry[] | null = null
}

/** A compiled index over one stack. Immutable once built. */
export interface RouteIndex {
  /** Number of layers the index was built over. */
  readonly size: number
  /** Positions that are candidates for every path, ascending. */
  readonly always: readonly number[]
  readonly root: TrieNode
}

/**
 * Builds the index of a stack from each layer's pattern (`null`: a candidate for every path).
 *
 * @param patterns - one entry per layer, in stack order
 * @example
 * const index = buildRouteIndex([compilePathPattern(['/users/', PARAM], PatternEnd.End)])
 * findCandidates(index, '/users/7') // [0]
 */
export function buildRouteIndex(patterns: readonly LayerPatterns[]): RouteIndex {
  const root = new TrieNode()
  const always: number[] = []
  for (let position = 0; position < patterns.length; position++) {
    const entry = patterns[position]
    if (entry === null || entry === undefined) {
      always.push(position)
    } else if (Array.isArray(entry)) {
      for (const pattern of entry as readonly PathPattern[]) insert(root, pattern, position)
    } else {
      insert(root, entry as PathPattern, position)
    }
  }
  return { size: patterns.length, always, root }
}

function insert(root: TrieNode, pattern: PathPattern, position: number): void {
  let node = root
  for (const segment of pattern.segments) {
    if (segment === null) {
      node = node.param ??= new TrieNode()
    } else {
      node.literals ??= new Map()
      let child = node.literals.get(segment)
      if (child === undefined) {
        child = new TrieNode()
        node.literals.set(segment, child)
      }
      node = child
    }
  }
  if (pattern.end) (node.ends ??= []).push(position)
  else (node.prefixes ??= []).push({ position, partial: pattern.partial })
}

/**
 * Finds the positions of every layer that may match `path`, ascending and without duplicates.
 *
 * @param index - from {@link buildRouteIndex}
 * @param path - the request's pathname, starting with `/`
 * @returns candidate positions, including {@link RouteIndex.always}
 * @example
 * findCandidates(index, '/users/7') // [0, 3, 9]
 */
export function findCandidates(index: RouteIndex, path: string): number[] {
  const found: number[] = []
  // "/a/b" → ['', 'a', 'b']: segment i of the pattern is segments[i + 1].
  const segments = foldCase(path).split('/')
  collect(index.root, segments, 1, found)
  const always = index.always
  for (let i = 0; i < always.length; i++) found.push(always[i] as number)
  if (found.length > 1) {
    found.sort(ascending)
    let last = 0
    for (let i = 1; i < found.length; i++) {
      if (found[i] !== found[last]) found[++last] = found[i] as number
    }
    found.length = last + 1
  }
  return found
}

function ascending(a: number, b: number): number {
  return a - b
}

function collect(node: TrieNode, segments: readonly string[], i: number, found: number[]): void {
  const count = segments.length
  if (node.prefixes !== null) {
    for (const entry of node.prefixes) {
      if (entry.partial === '' || (i < count && (segments[i] as string).startsWith(entry.partial))) {
        found.push(entry.position)
      }
    }
  }
  // The path ends here, or ends here with one trailing slash ("/users/").
  if (node.ends !== null && (i === count || (i === count - 1 && segments[i] === ''))) {
    for (const position of node.ends) found.push(position)
  }
  if (i >= count) return
  const segment = segments[i] as string
  const literal = node.literals?.get(segment)
  if (literal !== undefined) collect(literal, segments, i + 1, found)
  // A parameter takes one or more characters.
  if (node.param !== null && segment !== '') collect(node.param, segments, i + 1, found)
}
