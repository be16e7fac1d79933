/**
 * `@koa/router` as the CommonJS build of pulya loads it (the twin of koa-router-peer.ts): required, so
 * that pulya's Router extends the very class a CommonJS app requires.
 */

/** What loading `@koa/router` gave: the module, or why there is none. */
export interface PeerModule {
  readonly loaded: unknown
  readonly failure: unknown
}

function load(): PeerModule {
  try {
    return { loaded: require('@koa/router') as unknown, failure: undefined }
  } catch (error) {
    return { loaded: undefined, failure: error }
  }
}

export const koaRouterPeer: PeerModule = load()
