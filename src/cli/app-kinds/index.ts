/**
 * The kinds of app the command knows, tried in this order. A new kind (a NestJS
 * `INestApplication`, say) is one module implementing AppKind (app-kind.ts), added here
 * before any kind whose app it wraps.
 */
import type { AppKind } from './app-kind.js'
import { EXPRESS } from './express.js'
import { KOA } from './koa.js'

export const APP_KINDS: readonly AppKind[] = [EXPRESS, KOA]

/** The kind `value` is an app of, or undefined. */
export function kindOf(value: unknown): AppKind | undefined {
  return APP_KINDS.find((kind) => kind.is(value))
}

/** The kind named `name` (a LoadedApp's `kind`). @throws Error for a name no kind has */
export function kindNamed(name: string): AppKind {
  const kind = APP_KINDS.find((k) => k.name === name)
  if (kind === undefined) throw new Error(`no app kind named ${name}`)
  return kind
}

/** The app whose request listener `listener` is, and its kind, or undefined. */
export function appOfListener(listener: unknown): { app: unknown; kind: AppKind } | undefined {
  for (const kind of APP_KINDS) {
    const app = kind.appOfListener(listener)
    if (app !== undefined) return { app, kind }
  }
  return undefined
}

export type { AppKind } from './app-kind.js'
