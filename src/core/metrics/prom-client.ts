/**
 * prom-client, loaded only when an install asks for Prometheus (pulya's optional peer
 * dependency): an app with `metrics` off, or without prom-client, never loads it. prom-client
 * is CommonJS, so both builds require it (this file in the ESM build, prom-client-cjs.cts in
 * the CommonJS one) and share one copy with the app.
 */
import { createRequire } from 'module'

// The CommonJS build type-checks this file too before prom-client-cjs.cts replaces it, and
// `import.meta` is ESM-only: the directive is for that pass (tshy's documented way).
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore
const requireHere = createRequire(import.meta.url)

/** Requires prom-client as the app would find it; throws what `require` throws. */
export function requirePromClient(): unknown {
  return requireHere('prom-client')
}
