/**
 * `@koa/router` as this build of pulya loads it — the ESM build imports its ESM entry, so that
 * pulya's Router extends the very class an ESM app imports (`instanceof` holds). The CommonJS
 * build uses koa-router-peer-cjs.cts, which requires it. A missing package is not an error until
 * pulya's Router is used.
 */

/** What loading `@koa/router` gave: the module, or why there is none. */
export interface PeerModule {
  readonly loaded: unknown
  readonly failure: unknown
}

/** Loads `@koa/router` (or what `importer` gives), never throwing. */
export async function loadPeer(
  importer: () => Promise<unknown> = () => import('@koa/router')
): Promise<PeerModule> {
  try {
    return { loaded: await importer(), failure: undefined }
  } catch (error) {
    return { loaded: undefined, failure: error }
  }
}

// The CommonJS build type-checks this file too before koa-router-peer-cjs.cts replaces it, and top-level
// await is ESM-only: the directive is for that pass (tshy's documented way).
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore
export const koaRouterPeer: PeerModule = await loadPeer()
