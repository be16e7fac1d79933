/**
 * prom-client as the CommonJS build of pulya requires it (the twin of prom-client.ts).
 */

/** Requires prom-client as the app would find it; throws what `require` throws. */
export function requirePromClient(): unknown {
  return require('prom-client')
}
