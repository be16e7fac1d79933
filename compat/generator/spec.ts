/**
 * The plain-data description of a generated Express app: what the generator draws,
 * what the builder turns into an app, and what a failure report prints.
 * @module
 */
import type { Injection, ServerForm } from '../differential.js'

export type Major = 4 | 5

/** One piece of a string path, rendered in the major's syntax. */
export type Segment =
  | { readonly kind: 'lit'; readonly text: string }
  /** `/:name` */
  | { readonly kind: 'param'; readonly name: string }
  /** Express 4 `/:name?`, Express 5 `{/:name}` */
  | { readonly kind: 'optional'; readonly name: string }
  /** Express 4 `/*` (param `0`), Express 5 `/*name` */
  | { readonly kind: 'wild'; readonly name: string }
  /** Express 4 only: `/:name(\\d+)` */
  | { readonly kind: 'digits'; readonly name: string }
  /** A literal with one optional character: Express 4 `/ab?c`, Express 5 `/a{b}c` */
  | { readonly kind: 'optchar'; readonly before: string; readonly char: string; readonly after: string }

export type PathSpec =
  | { readonly kind: 'string'; readonly segments: readonly Segment[]; readonly trailingSlash: boolean }
  /** A user RegExp; `examples` are paths it matches. */
  | {
      readonly kind: 'regex'
      readonly source: string
      readonly flags: string
      readonly examples: readonly string[]
    }
  | { readonly kind: 'array'; readonly items: readonly PathSpec[] }

/** What a handler does when it runs. */
export type HandlerSpec =
  | {
      readonly do: 'respond'
      readonly as: 'json' | 'text' | 'created' | 'empty' | 'redirect' | 'header' | 'buffer'
    }
  /** Responds when `(req.url.length + label.length) % 3 === 0`, else calls `next()`. */
  | { readonly do: 'maybe' }
  | { readonly do: 'next' | 'next-route' | 'next-router' | 'throw' | 'reject' }
  | { readonly do: 'next-error'; readonly status: number | null }
  | { readonly do: 'rewrite'; readonly to: string }

export interface RouterOptionsSpec {
  readonly caseSensitive: boolean
  readonly strict: boolean
  readonly mergeParams: boolean
}

export interface SettingsSpec {
  readonly caseSensitive: boolean
  readonly strict: boolean
  /** Express's `query parser` setting; `null` leaves the default. */
  readonly queryParser: 'simple' | 'extended' | false | null
}

export type LayerSpec =
  | { readonly type: 'use'; readonly path: PathSpec | null; readonly handlers: readonly HandlerSpec[] }
  | {
      readonly type: 'route'
      readonly method: string
      readonly path: PathSpec
      readonly handlers: readonly HandlerSpec[]
    }
  | {
      readonly type: 'chain'
      readonly path: PathSpec
      readonly methods: ReadonlyArray<{ readonly method: string; readonly handlers: readonly HandlerSpec[] }>
    }
  | { readonly type: 'error'; readonly path: PathSpec | null; readonly mode: 'respond' | 'pass' | 'recover' }
  /** One router, mounted once per entry of `mounts` (one `use` call each). */
  | {
      readonly type: 'router'
      readonly mounts: readonly PathSpec[]
      readonly options: RouterOptionsSpec
      readonly params: readonly string[]
      readonly layers: readonly LayerSpec[]
    }
  | {
      readonly type: 'subapp'
      readonly mounts: readonly PathSpec[]
      readonly settings: SettingsSpec
      readonly params: readonly string[]
      readonly layers: readonly LayerSpec[]
    }
  /** `app.set(...)` between two registrations: later layers of a born router ignore it. */
  | { readonly type: 'settings'; readonly settings: SettingsSpec }

export interface AppSpec {
  readonly seed: number
  readonly major: Major
  readonly env: 'development' | 'production' | 'test'
  /** Set right after `express()`, before any routing call. */
  readonly settings: SettingsSpec
  /** `app.param` names (registered before the layers). */
  readonly params: readonly string[]
  readonly layers: readonly LayerSpec[]
  /** Registered on the root app between two requests. */
  readonly late: { readonly afterRequest: number; readonly layer: LayerSpec } | null
  readonly inject: Injection
  readonly server: ServerForm
}
