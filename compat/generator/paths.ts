/**
 * Paths of generated apps: drawing a path spec, rendering it in the major's syntax,
 * and drawing concrete request paths that match it (or nearly do).
 * @module
 */
import type { Random } from '../mulberry32.js'
import type { Major, PathSpec, Segment } from './spec.js'

export const LITERALS = ['a', 'b', 'users', 'api', 'v1', 'Files', 'x', 'item', 'docs', 'z9'] as const
export const PARAM_NAMES = ['id', 'name', 'slug', 'x', 'id', 'constructor'] as const
/** Values put into params: plain, encoded, prototype names, and (rarely) malformed. */
export const VALUES = [
  '1',
  '42',
  'abc',
  'A-b',
  '%41',
  'x%20y',
  'caf%C3%A9',
  '__proto__',
  'constructor',
  'x.y',
  '%2F',
  '7',
  'Zed'
] as const
const MALFORMED = ['%ZZ', '%E0%A4%A', '%'] as const

function drawSegment(random: Random, major: Major): Segment {
  const roll = random.int(100)
  const name = random.pick(PARAM_NAMES)
  if (roll < 45) return { kind: 'lit', text: random.pick(LITERALS) }
  if (roll < 70) return { kind: 'param', name }
  if (roll < 78) return { kind: 'optional', name }
  if (roll < 84) return { kind: 'wild', name: 'rest' }
  if (roll < 90 && major === 4) return { kind: 'digits', name }
  return {
    kind: 'optchar',
    before: random.pick(['a', 'do', 'v']),
    char: random.pick(['b', 'c']),
    after: random.pick(['c', 'x', '1'])
  }
}

/** Segments in a row that Express can parse (a wildcard ends the path; names are unique). */
function drawSegments(random: Random, major: Major, count: number): Segment[] {
  const segments: Segment[] = []
  const names = new Set<string>()
  for (let i = 0; i < count; i++) {
    const segment = drawSegment(random, major)
    if ('name' in segment) {
      if (names.has(segment.name)) continue
      names.add(segment.name)
    }
    segments.push(segment)
    if (segment.kind === 'wild') break
  }
  return segments
}

const REGEX_TEMPLATES: ReadonlyArray<(lit: string, end: boolean) => { source: string; examples: string[] }> =
  [
    (lit, end) => ({
      source: `^\\/${lit}\\/(\\d+)${end ? '\\/?$' : ''}`,
      examples: [`/${lit}/12`, `/${lit}/3/`, `/${lit}/x`]
    }),
    (lit, end) => ({
      source: `^\\/(?<word>[a-z]+)-${lit}${end ? '$' : ''}`,
      examples: [`/ab-${lit}`, `/Ab-${lit}`, `/ab-${lit}/z`]
    }),
    (lit, end) => ({
      source: end ? `${lit}$` : `\\/${lit}\\b`,
      examples: [`/q/${lit}`, `/${lit}`, `/${lit}/`]
    })
  ]

/**
 * Draws a path spec: mostly strings of 1–3 segments, sometimes a RegExp (with the
 * stateful `g` flag now and then) or an array of paths.
 *
 * @param random - the seeded source
 * @param major - which path syntax to stay within
 * @param forUse - `use()` paths match prefixes, so regexes for it are left open at the end
 * @param allowRegex - an array holds at most one RegExp: Express 4 joins an array into one
 *   RegExp, and two copies of a named group would make it invalid
 */
export function drawPath(random: Random, major: Major, forUse: boolean, allowRegex = true): PathSpec {
  const roll = random.int(100)
  if (roll < 10 && allowRegex) {
    const template = random.pick(REGEX_TEMPLATES)(random.pick(LITERALS).toLowerCase(), !forUse)
    return {
      kind: 'regex',
      source: template.source,
      flags: random.chance(0.3) ? 'g' : random.chance(0.2) ? 'i' : '',
      examples: template.examples
    }
  }
  if (roll < 16 && allowRegex)
    return { kind: 'array', items: [drawPath(random, major, forUse), drawPath(random, major, forUse, false)] }
  const segments = drawSegments(random, major, 1 + random.int(3))
  return { kind: 'string', segments, trailingSlash: random.chance(0.12) }
}

function renderSegment(segment: Segment, major: Major): string {
  switch (segment.kind) {
    case 'lit':
      return `/${segment.text}`
    case 'param':
      return `/:${segment.name}`
    case 'optional':
      return major === 4 ? `/:${segment.name}?` : `{/:${segment.name}}`
    case 'wild':
      return major === 4 ? '/*' : `/*${segment.name}`
    case 'digits':
      return `/:${segment.name}(\\d+)`
    case 'optchar':
      return major === 4
        ? `/${segment.before}${segment.char}?${segment.after}`
        : `/${segment.before}{${segment.char}}${segment.after}`
  }
}

/** The path argument Express receives for `spec`. */
export function renderPath(spec: PathSpec, major: Major): string | RegExp | Array<string | RegExp> {
  if (spec.kind === 'regex') return new RegExp(spec.source, spec.flags)
  if (spec.kind === 'array') return spec.items.flatMap((item) => renderPath(item, major))
  const body = spec.segments.map((segment) => renderSegment(segment, major)).join('')
  return body === '' ? '/' : spec.trailingSlash ? `${body}/` : body
}

/** `renderPath` as source text, for reports. */
export function showPath(spec: PathSpec, major: Major): string {
  if (spec.kind === 'regex') return `/${spec.source}/${spec.flags}`
  if (spec.kind === 'array') return `[${spec.items.map((item) => showPath(item, major)).join(', ')}]`
  return JSON.stringify(renderPath(spec, major))
}

function drawValue(random: Random): string {
  return random.chance(0.04) ? random.pick(MALFORMED) : random.pick(VALUES)
}

function exampleSegment(random: Random, segment: Segment): string {
  switch (segment.kind) {
    case 'lit':
      return `/${segment.text}`
    case 'param':
      return `/${drawValue(random)}`
    case 'optional':
      return random.chance(0.5) ? `/${drawValue(random)}` : ''
    case 'wild':
      return random.chance(0.7) ? `/${drawValue(random)}/${random.pick(LITERALS)}` : `/${drawValue(random)}`
    case 'digits':
      return random.chance(0.8) ? `/${random.int(1000)}` : `/${drawValue(random)}`
    case 'optchar':
      return `/${segment.before}${random.chance(0.5) ? segment.char : ''}${segment.after}`
  }
}

/**
 * Draws a concrete path that the spec matches (most of the time: values are drawn
 * freely, so a digits-only param may meet letters).
 *
 * @param random - the seeded source
 * @param spec - the path spec
 */
export function examplePath(random: Random, spec: PathSpec): string {
  if (spec.kind === 'regex') return random.pick(spec.examples)
  if (spec.kind === 'array') return examplePath(random, random.pick(spec.items))
  const body = spec.segments.map((segment) => exampleSegment(random, segment)).join('')
  return spec.trailingSlash ? `${body}/` : body
}
