/**
 * `PulyaExpressAdapter`: NestJS's `ExpressAdapter` with pulya installed on its Express app
 * (docs/nest.md). Everything Nest asks of the adapter stays `ExpressAdapter`'s own code; the
 * subclass changes three moments only:
 *
 * - construction: pulya is installed on the app, as `accelerate(app, options)` does;
 * - `initHttpServer`: Nest's own method runs, and the server it makes with `http.createServer`
 *   (or `https.createServer` for `httpsOptions`) gets pulya's server classes;
 * - the end of `init()` (`setErrorHandler`, the last thing Nest registers on the app, after every
 *   route, middleware and the 404 handler; `listen()` runs `init()` first when it has not run):
 *   every router's index is built, so the first request is already served by it.
 *
 * The class is made from the `ExpressAdapter` it extends, so one body serves Nest 10, 11 and 12
 * (index.ts makes the one of the installed `@nestjs/platform-express`).
 */
import { accelerateResolved, type AcceleratedApp } from '../express/middleware.js'
import { resolveExpressOptions, type ExpressOptions } from '../express/options.js'
import { isExpressApp, type ExpressApp } from '../express/install/install.js'
import { installedContext } from '../express/install/install-context.js'
import {
  creatingServersWith,
  serverClasses,
  type AppWithPrototypes
} from '../express/install/server-classes.js'
import { warmNow } from '../express/install/warm-up.js'
import { NEST_ADAPTER as STATE } from '../core/symbols.js'

/** What pulya needs of NestJS's `ExpressAdapter` (10, 11 and 12 have it). */
export interface ExpressAdapterLike {
  getInstance(): unknown
  initHttpServer(options: object): unknown
  setErrorHandler(handler: unknown, prefix?: string): unknown
}

/** The `ExpressAdapter` class of a `@nestjs/platform-express`. */
// `any[]`: the constructor of Nest's class is declared `(instance?: any)`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ExpressAdapterClass = abstract new (...args: any[]) => ExpressAdapterLike

/** What a `PulyaExpressAdapter` adds to `ExpressAdapter`: pulya's counters and metrics. */
export type PulyaAdapterMembers = AcceleratedApp

/**
 * The `PulyaExpressAdapter` class made from an `ExpressAdapter` class: takes pulya's options,
 * and optionally the Express app to serve, as `ExpressAdapter` does.
 */
export interface PulyaAdapterClass<B extends ExpressAdapterClass> {
  new (options?: ExpressOptions): InstanceType<B> & PulyaAdapterMembers
  new (instance?: unknown, options?: ExpressOptions): InstanceType<B> & PulyaAdapterMembers
  readonly prototype: InstanceType<B> & PulyaAdapterMembers
}

/** One adapter's install: its options' warm-up switch, the app, and what `accelerate` gave. */
interface AdapterState {
  readonly app: ExpressApp
  readonly warm: boolean
  readonly serverClasses: boolean
  readonly accelerated: AcceleratedApp
}

/** `(options?)` or `(instance?, options?)`: an Express app is a function, options are not. */
function splitArguments(args: readonly unknown[]): {
  instance: unknown
  options: ExpressOptions | undefined
} {
  const [first, second] = args
  if (typeof first === 'function' || (first === undefined && args.length > 1))
    return { instance: first, options: second as ExpressOptions | undefined }
  return { instance: undefined, options: first as ExpressOptions | undefined }
}

function stateOf(adapter: object): AdapterState {
  return (adapter as { [STATE]: AdapterState })[STATE]
}

/** Every router of the adapter's app indexed now (nothing with `warm: false`). */
function warmAdapter(adapter: object): void {
  const state = stateOf(adapter)
  if (state.warm) warmNow(installedContext(state.app))
}

/**
 * Makes `PulyaExpressAdapter` on top of an `ExpressAdapter` class: the installed
 * `@nestjs/platform-express`'s for the `PulyaExpressAdapter` export; another copy's (a Nest
 * checkout's, another major in tests) by calling this.
 *
 * @param Base - `ExpressAdapter` of `@nestjs/platform-express` 10, 11 or 12
 * @example
 * import { ExpressAdapter } from '@nestjs/platform-express'
 * const PulyaExpressAdapter = pulyaAdapterClass(ExpressAdapter)
 * const app = await NestFactory.create(AppModule, new PulyaExpressAdapter({ metrics: true }))
 */
export function pulyaAdapterClass<B extends ExpressAdapterClass>(Base: B): PulyaAdapterClass<B> {
  const Parent = Base as unknown as new (instance?: unknown) => ExpressAdapterLike
  class PulyaExpressAdapter extends Parent {
    declare readonly [STATE]: AdapterState

    constructor(...args: unknown[]) {
      const { instance, options } = splitArguments(args)
      // Validated before Nest's adapter exists: a bad option throws as `pulya(options)` does.
      const resolved = resolveExpressOptions(options)
      super(instance)
      const app = this.getInstance()
      if (!isExpressApp(app)) throw new TypeError('pulya: PulyaExpressAdapter expects an Express application')
      const state: AdapterState = {
        app,
        warm: resolved.warm,
        serverClasses: resolved.serverClasses,
        accelerated: accelerateResolved(app, resolved)
      }
      Object.defineProperty(this, STATE, { value: state })
    }

    /** Nest's own `initHttpServer`; its `http`/`https` server is made with pulya's classes. */
    override initHttpServer(options: object): unknown {
      const state = stateOf(this)
      if (!state.serverClasses) return super.initHttpServer(options)
      return creatingServersWith(serverClasses(state.app as unknown as AppWithPrototypes), () =>
        super.initHttpServer(options)
      )
    }

    /** The last registration of Nest's `init()`: every route is on the app, so it is indexed now. */
    override setErrorHandler(handler: unknown, prefix?: string): unknown {
      const result = super.setErrorHandler(handler, prefix)
      warmAdapter(this)
      return result
    }

    /** Counters of the app's routers, summed (`middleware.stats()` in `pulya/express`). */
    stats(): ReturnType<AcceleratedApp['stats']> {
      return stateOf(this).accelerated.stats()
    }

    /** The `metrics` snapshot (docs/monitoring.md#the-json-snapshot-metrics). */
    metrics(): ReturnType<AcceleratedApp['metrics']> {
      return stateOf(this).accelerated.metrics()
    }

    /** An Express handler serving a prom-client registry's exposition (`middleware.metricsHandler()`). */
    metricsHandler(
      ...args: Parameters<AcceleratedApp['metricsHandler']>
    ): ReturnType<AcceleratedApp['metricsHandler']> {
      return stateOf(this).accelerated.metricsHandler(...args)
    }
  }
  return PulyaExpressAdapter as unknown as PulyaAdapterClass<B>
}
