/**
 * The Koa functions pulya recognises by text (see src/core/known-sources.ts). An accessor is
 * named `set <property>` (its setter). Adding a Koa version whose text changed is one line per
 * changed function: `npm run known-sources -- --add koa@X.Y.Z` prints the lines.
 */
import type { KnownSource } from '../core/known-sources.js'

type Entry = KnownSource<true>

const RESPONSE = 'lib/response.js'

export const KOA_KNOWN_SOURCES: readonly Entry[] = [
  // `response.set`: 3.3 builds `[[field, value]]` and maps it through `normalizeHeader`; 3.0–3.2 call `res.setHeader(field, val)`.
  { host: 'koa', versions: ['3.3.0'], module: RESPONSE, name: 'set', fingerprint: 'qfwQmxj0SVC0sjJ1iDqnZncO//g=', meaning: true },
  { host: 'koa', versions: ['3.2.0', '3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.1.0', '3.1.1', '3.1.2'], module: RESPONSE, name: 'set', fingerprint: 'pptovqIibEY7hbe5f6UwY7rVBGY=', meaning: true },
  // The `type` setter: mime-types' `contentType`, then `set` or `remove`.
  { host: 'koa', versions: ['3.3.0', '3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.1.0', '3.1.1', '3.1.2', '3.2.0'], module: RESPONSE, name: 'set type', fingerprint: '0ZnxfwarbLM5PJTaREfVffi4n/g=', meaning: true }
]
