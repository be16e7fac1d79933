/**
 * Known host sources: pulya mirrors some host functions statement by statement, and only for
 * the exact texts it has read. A function is recognised by its fingerprint (SHA-1, base64, of
 * `Function.prototype.toString`); each host lists its entries in its own table
 * (`src/express/known-sources.ts`), and `npm run known-sources` recomputes them from the
 * published packages (see ARCHITECTURE.md, "Adding a host version").
 */
import { createHash } from 'crypto'

/** One known function of one host version, and what pulya makes of it. */
export interface KnownSource<Meaning> {
  /** The published package the function comes from (`express`). */
  readonly host: string
  /** The versions whose source has this text, e.g. `['5.0.0', '5.2.1']`; the first is the one the script checks. */
  readonly versions: readonly string[]
  /**
   * The module (relative to the package root) and export, e.g. `lib/response.js` and `send`;
   * or a top-level function the module does not export, read from its text (see {@link declarationOf}).
   */
  readonly module: string
  readonly name: string
  /** SHA-1 (base64) of the function's text. */
  readonly fingerprint: string
  /** What the adapter does with this text (a dialect, a style, or `true` for "known"). */
  readonly meaning: Meaning
}

/** The fingerprint of a function's source text; `''` for anything that is not a function. */
export function fingerprint(fn: unknown): string {
  return typeof fn === 'function' ? fingerprintText(Function.prototype.toString.call(fn)) : ''
}

/** The fingerprint of a source text (what `fingerprint` gives for a function with that text). */
export function fingerprintText(text: string): string {
  return createHash('sha1').update(text).digest('base64')
}

/**
 * The text of the top-level `function name(…) {…}` (or `function name (…)`, standard style) of a
 * module's source, as `Function.prototype.toString` would give it: a function the module keeps
 * private (Express's `logerror`, Koa's `respond`) has no object to read. A top-level declaration
 * ends at the first `}` in column 0; `null` when there is none.
 */
export function declarationOf(source: string, name: string): string | null {
  let start = source.indexOf(`\nfunction ${name}(`)
  if (start === -1) start = source.indexOf(`\nfunction ${name} (`)
  if (start === -1) return null
  const end = source.indexOf('\n}', start)
  return end === -1 ? null : source.slice(start + 1, end + 2)
}

/** fingerprint → meaning for one function name of a table: what the adapter looks up per app. */
export function knownSourcesOf<Meaning>(
  table: ReadonlyArray<KnownSource<Meaning>>,
  name: string
): ReadonlyMap<string, Meaning> {
  return new Map(
    table.filter((entry) => entry.name === name).map((entry) => [entry.fingerprint, entry.meaning])
  )
}
