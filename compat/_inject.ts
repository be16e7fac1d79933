/**
 * Puts `app.use(pulya())` into the root app where a user would write it, without the
 * builder knowing: the host factory is wrapped so that its first app gets the injection.
 * @module
 */
import { METHODS } from 'node:http'
import type { Express, RequestHandler } from 'express'

/**
 * Where `app.use(pulya())` goes: `'first'` right after `express()`, `'last'` after the
 * builder returns, or `n`: right before the n-th routing call on the root app (0-based).
 */
export type Injection = 'first' | 'last' | number

/** The wrapped factory, and the step that completes the injection once the app is built. */
export interface Injected<F> {
  readonly express: F
  readonly finish: (app: Express) => Express
}

// Calls that add to the app's router (and so, on the first one, create it and freeze the
// routing settings). `get` with a single argument is the settings getter and is not one.
const ROUTING_CALLS = ['use', 'route', 'all', 'param', ...METHODS.map((m) => m.toLowerCase())]

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown

function instrument(app: Express, position: number, inject: () => void): () => void {
  const target = app as unknown as Record<string, unknown>
  const originals = new Map<string, AnyFunction>()
  let calls = 0
  let depth = 0
  let injected = false
  const restore = (): void => {
    for (const [name, fn] of originals) target[name] = fn
  }
  const injectNow = (): void => {
    if (injected) return
    injected = true
    restore()
    inject()
  }
  for (const name of ROUTING_CALLS) {
    const original = target[name]
    if (typeof original !== 'function') continue
    const fn = original as AnyFunction
    originals.set(name, fn)
    target[name] = function (this: unknown, ...args: unknown[]): unknown {
      // Express 5's `app.get(path, fn)` calls `this.route(path)`: only the user's
      // outermost call counts.
      if (depth === 0 && !(name === 'get' && args.length === 1)) {
        if (calls === position) injectNow()
        calls++
      }
      depth++
      try {
        return fn.apply(this, args)
      } finally {
        depth--
      }
    }
  }
  return injectNow
}

/**
 * Wraps `express` so that the first app it creates gets `app.use(make())` at `where`.
 * A position past the last routing call injects at the end, like `'last'`.
 *
 * @param express - the host factory
 * @param where - see {@link Injection}
 * @param make - creates the middleware to inject
 * @example
 * const { express: e, finish } = injectPulya(express, 0, () => pulya())
 * const app = finish(build(e))
 */
export function injectPulya<F extends (...args: never[]) => Express>(
  express: F,
  where: Injection,
  make: () => RequestHandler
): Injected<F> {
  let root: Express | null = null
  let complete: (() => void) | null = null
  const wrapped = new Proxy(express, {
    apply(target, thisArg, args: never[]): Express {
      const app: Express = Reflect.apply(target, thisArg, args)
      if (root !== null) return app
      root = app
      const inject = (): void => {
        app.use(make())
      }
      if (where === 'first') inject()
      else if (where === 'last') complete = inject
      else complete = instrument(app, where, inject)
      return app
    }
  })
  return {
    express: wrapped,
    finish(app: Express): Express {
      if (app !== root) throw new Error('differential: the builder must return the first app it creates')
      if (complete !== null) complete()
      return app
    }
  }
}
