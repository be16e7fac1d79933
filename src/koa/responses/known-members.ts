/**
 * Which of a Koa module's functions are texts pulya knows (known-sources.ts), looked
 * up by the table's names: `has` (a method), `get body` / `set body` (an accessor's getter or
 * setter, read from its descriptor without calling it), `prototype.handleRequest`.
 */
import { fingerprint, knownSourcesOf } from '../../core/known-sources.js'
import { KOA_KNOWN_SOURCES, type KoaMajor, type KoaMeaning } from './known-sources.js'

const tables = new Map<string, ReadonlyMap<string, KoaMeaning>>()

/** The meaning of a text with this fingerprint under the table's `name`, or undefined: not a known text. */
export function knownPrint(name: string, print: string): KoaMeaning | undefined {
  let table = tables.get(name)
  if (table === undefined) {
    table = knownSourcesOf(KOA_KNOWN_SOURCES, name)
    tables.set(name, table)
  }
  return table.get(print)
}

/** {@link knownPrint} of `fn`'s text. */
export function knownAs(name: string, fn: unknown): KoaMeaning | undefined {
  return knownPrint(name, fingerprint(fn))
}

/** The function `name` designates on `module`: a method, or an accessor's getter or setter. */
export function memberOf(module: object, name: string): unknown {
  const accessor = /^(get|set) (.+)$/.exec(name)
  if (accessor === null) return (module as Record<string, unknown>)[name]
  const descriptor: { get?: unknown; set?: unknown } =
    Object.getOwnPropertyDescriptor(module, accessor[2] ?? '') ?? {}
  return accessor[1] === 'get' ? descriptor.get : descriptor.set
}

/** Whether every named member of `module` is a known text: of `major`, or the same on every major. */
export function allKnown(module: object, names: readonly string[], major: KoaMajor): boolean {
  for (const name of names) {
    const meaning = knownAs(name, memberOf(module, name))
    if (meaning !== 'known' && meaning !== major) return false
  }
  return true
}

/** Whether `object` has an own property of any of these names (the app's own override). */
export function hasOwnAny(object: object, names: readonly string[]): boolean {
  for (const name of names) if (Object.hasOwn(object, name)) return true
  return false
}
