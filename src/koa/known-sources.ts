/**
 * The Koa functions pulya recognises by text (see src/core/known-sources.ts). An accessor is
 * named `get <property>`/`set <property>` (its getter or setter). Adding a Koa version whose
 * text changed is one line per changed function: `npm run known-sources -- --add koa@X.Y.Z`
 * prints the lines.
 */
import type { KnownSource } from '../core/known-sources.js'

/** Which Koa major a mirrored text belongs to, where pulya's mirror differs per major. */
export type KoaDialect = 2 | 3

type Entry = KnownSource<KoaDialect | true>

const RESPONSE = 'lib/response.js'

export const KOA_KNOWN_SOURCES: readonly Entry[] = [
  // `response.set`: 3.3 builds `[[field, value]]` and maps it through `normalizeHeader`; 3.0–3.2 call `res.setHeader(field, val)`.
  { host: 'koa', versions: ['3.3.0'], module: RESPONSE, name: 'set', fingerprint: 'qfwQmxj0SVC0sjJ1iDqnZncO//g=', meaning: true },
  { host: 'koa', versions: ['3.2.0', '3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.1.0', '3.1.1', '3.1.2'], module: RESPONSE, name: 'set', fingerprint: 'pptovqIibEY7hbe5f6UwY7rVBGY=', meaning: true },
  // The `type` setter: mime-types' `contentType`, then `set` or `remove`.
  { host: 'koa', versions: ['3.3.0', '3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.1.0', '3.1.1', '3.1.2', '3.2.0'], module: RESPONSE, name: 'set type', fingerprint: '0ZnxfwarbLM5PJTaREfVffi4n/g=', meaning: true },
  // The body setter (src/koa/body-setter.ts). The 3.x texts differ only in what they do with a
  // stream (the one being replaced, or a Blob's type), which the mirror leaves to Koa.
  { host: 'koa', versions: ['2.16.4', '2.16.0', '2.16.1', '2.16.2', '2.16.3'], module: RESPONSE, name: 'set body', fingerprint: 'OES4rJPeRHgRaO8aqqt+3y3z/sI=', meaning: 2 },
  { host: 'koa', versions: ['3.3.0'], module: RESPONSE, name: 'set body', fingerprint: 'B2k2iIAKioudddK1ktqkbMUHz/M=', meaning: 3 },
  { host: 'koa', versions: ['3.2.0', '3.1.1', '3.1.2'], module: RESPONSE, name: 'set body', fingerprint: '+gv3Qc8YwcrLqsNZxLSHCa9iYbM=', meaning: 3 },
  { host: 'koa', versions: ['3.1.0'], module: RESPONSE, name: 'set body', fingerprint: 'pJ28tV32P1fo/5cJ/ea3Hy9N4kk=', meaning: 3 },
  { host: 'koa', versions: ['3.0.3', '3.0.0', '3.0.1', '3.0.2'], module: RESPONSE, name: 'set body', fingerprint: 'DuDuwwW/o18Mvt+7/93b/qZWovk=', meaning: 3 },
  // The response accessors the body setter reads directly.
  { host: 'koa', versions: ['2.16.4', '2.16.0', '2.16.1', '2.16.2', '2.16.3'], module: RESPONSE, name: 'get body', fingerprint: 'v6b1voCP87gibt1nEKY5lhHhOJU=', meaning: true },
  { host: 'koa', versions: ['3.3.0', '3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.1.0', '3.1.1', '3.1.2', '3.2.0'], module: RESPONSE, name: 'get body', fingerprint: 'PDsrzpoyWM+hCcpYmEvZ9VRkHRY=', meaning: true },
  { host: 'koa', versions: ['2.16.4', '2.16.0', '2.16.1', '2.16.2', '2.16.3'], module: RESPONSE, name: 'set status', fingerprint: 'J99qJMQ4Uwf9g/ayuusxCAnEErg=', meaning: 2 },
  { host: 'koa', versions: ['3.3.0', '3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.1.0', '3.1.1', '3.1.2', '3.2.0'], module: RESPONSE, name: 'set status', fingerprint: 'Y8R0InfM0q12Nt7BRXIYYeswvMQ=', meaning: 3 },
  { host: 'koa', versions: ['2.16.4', '2.16.0', '2.16.1', '2.16.2', '2.16.3'], module: RESPONSE, name: 'set length', fingerprint: 'CSfNN+7bOzjGyulb9gnHp0/eFks=', meaning: true },
  { host: 'koa', versions: ['3.3.0', '3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.1.0', '3.1.1', '3.1.2', '3.2.0'], module: RESPONSE, name: 'set length', fingerprint: 'kN02u6LJ7qD6H1TKYepb5fCEApg=', meaning: true },
  { host: 'koa', versions: ['2.16.4', '2.16.0', '2.16.1', '2.16.2', '2.16.3'], module: RESPONSE, name: 'has', fingerprint: 'Z8b1UHG61BOTXD9kg8U3qQWNHPI=', meaning: true },
  { host: 'koa', versions: ['3.3.0', '3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.1.0', '3.1.1', '3.1.2', '3.2.0'], module: RESPONSE, name: 'has', fingerprint: '1tTCnQDix4044CcWlKdIvg+Cc+M=', meaning: true },
  { host: 'koa', versions: ['2.16.4', '2.16.0', '2.16.1', '2.16.2', '2.16.3'], module: RESPONSE, name: 'get headerSent', fingerprint: 'nknkcjIYvhV088VW6AGd5EQIV6M=', meaning: true },
  { host: 'koa', versions: ['3.3.0', '3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.1.0', '3.1.1', '3.1.2', '3.2.0'], module: RESPONSE, name: 'get headerSent', fingerprint: 'ySuRzPetk0KgWEJcElbXqn/XTPY=', meaning: true }
]
