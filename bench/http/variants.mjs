// The contestants. Adding one is one line here plus its bench/http/<file>.mjs, which exports
// `createServer(workload) → Promise<http.Server>` (not yet listening).
//   family  which default error bodies it sends (see `checks` in workloads.mjs)
//   base    for a "+pulya" variant: the vanilla variant it must equal byte for byte and is
//           compared against (ratio pulya/vanilla)
//   against another pulya variant this one is a feature on top of: the report shows what the
//           feature costs over it (median of per-round ratios), when both ran
//   extra   not in the default run (name it with --variants, or use --full)
//   apps    the apps of bench/http/realistic/ it serves for a workload with `app` (see
//           workloads.mjs); a variant without runs only the workloads built from routes

const REALISTIC = ['realistic']

/** @type {Array<{ name: string, file: string, family: string, base: string | null, against?: string, extra?: boolean, apps?: string[] }>} */
export const VARIANTS = [
  { name: 'raw', file: 'raw.mjs', family: 'raw', base: null },
  { name: 'fastify', file: 'fastify.mjs', family: 'fastify', base: null },
  { name: 'express4', file: 'express4.mjs', family: 'express', base: null, apps: REALISTIC },
  {
    name: 'express4+pulya',
    file: 'express4-pulya.mjs',
    family: 'express',
    base: 'express4',
    apps: REALISTIC
  },
  { name: 'express5', file: 'express5.mjs', family: 'express', base: null, apps: REALISTIC },
  {
    name: 'express5+pulya',
    file: 'express5-pulya.mjs',
    family: 'express',
    base: 'express5',
    apps: REALISTIC
  },
  { name: 'koa2', file: 'koa2.mjs', family: 'koa', base: null },
  { name: 'koa2+pulya', file: 'koa2-pulya.mjs', family: 'koa', base: 'koa2' },
  { name: 'koa3', file: 'koa3.mjs', family: 'koa', base: null, apps: REALISTIC },
  { name: 'koa3+pulya', file: 'koa3-pulya.mjs', family: 'koa', base: 'koa3', apps: REALISTIC },
  {
    name: 'express4+pulya-routing',
    file: 'express4-pulya-routing.mjs',
    family: 'express',
    base: 'express4',
    extra: true,
    apps: REALISTIC
  },
  {
    name: 'express5+pulya-routing',
    file: 'express5-pulya-routing.mjs',
    family: 'express',
    base: 'express5',
    extra: true,
    apps: REALISTIC
  },
  {
    name: 'koa3+pulya-router',
    file: 'koa3-pulya-router.mjs',
    family: 'koa',
    base: 'koa3',
    apps: REALISTIC
  },
  // The ceiling of a Koa respond fast path: not exact, only measured (bench/NOTES.md).
  { name: 'koa3+bound', file: 'koa3-bound.mjs', family: 'koa', base: 'koa3', extra: true },
  // The schema-serialiser prototype (bench/NOTES.md): a schema-compiled serialiser (fast-json-stringify) behind a route-level
  // responseSchema(schema), and the same layer with JSON.stringify (the layer's own cost).
  {
    name: 'express5+pulya+schema',
    file: 'express5-pulya-schema.mjs',
    family: 'express',
    base: 'express5',
    extra: true
  },
  {
    name: 'express5+pulya+layer',
    file: 'express5-pulya-layer.mjs',
    family: 'express',
    base: 'express5',
    extra: true
  },
  // The respond A/B (bench/NOTES.md): pulya with Koa's own handleRequest/respond and body setter kept.
  {
    name: 'koa2+pulya-koarespond',
    file: 'koa2-pulya-koa-respond.mjs',
    family: 'koa',
    base: 'koa2',
    extra: true
  },
  {
    name: 'koa3+pulya-koarespond',
    file: 'koa3-pulya-koa-respond.mjs',
    family: 'koa',
    base: 'koa3',
    extra: true
  },
  // … and with only the body setter kept Koa's (pulya's respond on).
  { name: 'koa2+pulya-koabody', file: 'koa2-pulya-koa-body.mjs', family: 'koa', base: 'koa2', extra: true },
  { name: 'koa3+pulya-koabody', file: 'koa3-pulya-koa-body.mjs', family: 'koa', base: 'koa3', extra: true },
  { name: 'koa2+pulya-router', file: 'koa2-pulya-router.mjs', family: 'koa', base: 'koa2', extra: true },
  // Under an APM agent (OpenTelemetry, bench/http/_otel.mjs): does pulya still help?
  {
    name: 'express5+otel',
    file: 'express5-otel.mjs',
    family: 'express',
    base: null,
    extra: true,
    apps: REALISTIC
  },
  {
    name: 'express5+otel+pulya',
    file: 'express5-otel-pulya.mjs',
    family: 'express',
    base: 'express5+otel',
    extra: true,
    apps: REALISTIC
  },
  { name: 'koa3+otel', file: 'koa3-otel.mjs', family: 'koa', base: null, extra: true, apps: REALISTIC },
  {
    name: 'koa3+otel+pulya',
    file: 'koa3-otel-pulya.mjs',
    family: 'koa',
    base: 'koa3+otel',
    extra: true,
    apps: REALISTIC
  },
  // What `metrics: true` costs over pulya without it (`against`).
  {
    name: 'express4+pulya-metrics',
    file: 'express4-pulya-metrics.mjs',
    family: 'express',
    base: 'express4',
    against: 'express4+pulya',
    extra: true,
    apps: REALISTIC
  },
  {
    name: 'express5+pulya-metrics',
    file: 'express5-pulya-metrics.mjs',
    family: 'express',
    base: 'express5',
    against: 'express5+pulya',
    extra: true,
    apps: REALISTIC
  },
  {
    name: 'koa3+pulya-metrics',
    file: 'koa3-pulya-metrics.mjs',
    family: 'koa',
    base: 'koa3',
    against: 'koa3+pulya',
    extra: true,
    apps: REALISTIC
  }
]

export const VARIANT_NAMES = VARIANTS.map((v) => v.name)

/**
 * Whether `variant` can serve `workload`: a workload with an app only on the variants that have it.
 * @param {{ apps?: string[] }} variant
 * @param {{ app: string | null }} workload
 */
export function servesWorkload(variant, workload) {
  return workload.app === null || (variant.apps?.includes(workload.app) ?? false)
}

/** @param {string} name */
export function getVariant(name) {
  const variant = VARIANTS.find((v) => v.name === name)
  if (!variant) throw new TypeError(`unknown variant "${name}" (known: ${VARIANT_NAMES.join(', ')})`)
  return variant
}
