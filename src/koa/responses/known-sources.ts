/**
 * The Koa functions pulya recognises by text (see src/core/known-sources.ts). An accessor is
 * named `get <property>`/`set <property>`, a class method `prototype.<name>`, and a function a
 * module keeps private (application.js's `respond`) by its name: its declaration is read from the
 * file (src/core/known-sources.ts, declarationOf). Adding a Koa version whose text changed is one
 * line per changed function: `npm run known-sources -- --add koa@X.Y.Z` prints the lines.
 * test/scripts/known-sources.test.ts runs the script over every entry.
 */
import type { KnownSource } from '../../core/known-sources.js'

/**
 * Which Koa major a mirrored text belongs to, where pulya's mirror differs per major: Koa 2 reads
 * status messages from `statuses[code]` and tests streams with `instanceof Stream`; Koa 3 reads
 * `statuses.message[code]`, has its own stream test and answers more body kinds.
 */
export type KoaMajor = 'koa-2' | 'koa-3'

/**
 * `respond`'s: Koa 2; Koa 3.0, which pipes a stream body with `.pipe(res)`; Koa 3.1 and later,
 * which use `pipeline` and report a stream's error to the app.
 */
export type RespondDialect = 'koa-2' | 'koa-3.0' | 'koa-3.1+'

/** A text pulya knows and treats the same on every Koa major: nothing it does depends on which. */
export type Known = 'known'

/** What a Koa entry's text means to pulya. */
export type KoaMeaning = KoaMajor | RespondDialect | Known

type Entry = KnownSource<KoaMeaning>

const APPLICATION = 'lib/application.js'
const CONTEXT = 'lib/context.js'
const REQUEST = 'lib/request.js'
const RESPONSE = 'lib/response.js'

// One entry per line: scripts/known-sources.mjs reads the table as text.
// prettier-ignore
export const KOA_KNOWN_SOURCES: readonly Entry[] = [
  // `response.set`: 3.3 builds `[[field, value]]` and maps it through `normalizeHeader`; 3.0–3.2 call `res.setHeader(field, val)`.
  { host: 'koa', versions: ['3.3.0'], module: RESPONSE, name: 'set', fingerprint: 'qfwQmxj0SVC0sjJ1iDqnZncO//g=', meaning: 'known' },
  { host: 'koa', versions: ['3.2.0', '3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.1.0', '3.1.1', '3.1.2'], module: RESPONSE, name: 'set', fingerprint: 'pptovqIibEY7hbe5f6UwY7rVBGY=', meaning: 'known' },
  // The `type` setter: mime-types' `contentType`, then `set` or `remove`.
  { host: 'koa', versions: ['3.3.0', '3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.1.0', '3.1.1', '3.1.2', '3.2.0'], module: RESPONSE, name: 'set type', fingerprint: '0ZnxfwarbLM5PJTaREfVffi4n/g=', meaning: 'known' },
  // `handleRequest` and the private `respond` it calls (respond-mirror.ts mirrors both).
  { host: 'koa', versions: ['2.16.4', '2.16.0', '2.16.1', '2.16.2', '2.16.3'], module: APPLICATION, name: 'prototype.handleRequest', fingerprint: 'vyZTo6F5XOHsTSx0393I7nJDOvM=', meaning: 'koa-2' },
  { host: 'koa', versions: ['3.3.0', '3.0.1', '3.0.2', '3.0.3', '3.1.0', '3.1.1', '3.1.2', '3.2.0'], module: APPLICATION, name: 'prototype.handleRequest', fingerprint: 'FIrALrB/+5PqvdMWmMXWFnvmiEY=', meaning: 'koa-3' },
  { host: 'koa', versions: ['3.0.0'], module: APPLICATION, name: 'prototype.handleRequest', fingerprint: '4gpz5PNw2+luNDmlGl0FMWuHsq8=', meaning: 'koa-3' },
  { host: 'koa', versions: ['2.16.4', '2.16.1', '2.16.2', '2.16.3'], module: APPLICATION, name: 'respond', fingerprint: 'rwz/PSZGpSsWLJzOk6+2Wl8x0gA=', meaning: 'koa-2' },
  { host: 'koa', versions: ['3.3.0', '3.1.0', '3.1.1', '3.1.2', '3.2.0'], module: APPLICATION, name: 'respond', fingerprint: 'ct4/A1Vgk06EIwdaK+Kf8dli6rQ=', meaning: 'koa-3.1+' },
  // Koa 3.0 pipes streams with `.pipe(res)` (3.0.0 and 3.0.1–3.0.3 differ in braces only).
  { host: 'koa', versions: ['3.0.3', '3.0.1', '3.0.2'], module: APPLICATION, name: 'respond', fingerprint: 'QtvEH8BL3Xxvlag8UkIxHVqlvZY=', meaning: 'koa-3.0' },
  { host: 'koa', versions: ['3.0.0'], module: APPLICATION, name: 'respond', fingerprint: 'hSdm/fLCTOkZdjHog6uI5hIrGV4=', meaning: 'koa-3.0' },
  // The body setter (body-setter.ts). The 3.x texts differ only in what they do with a
  // stream (the one being replaced, or a Blob's type), which the mirror leaves to Koa.
  { host: 'koa', versions: ['2.16.4', '2.16.0', '2.16.1', '2.16.2', '2.16.3'], module: RESPONSE, name: 'set body', fingerprint: 'OES4rJPeRHgRaO8aqqt+3y3z/sI=', meaning: 'koa-2' },
  { host: 'koa', versions: ['3.3.0'], module: RESPONSE, name: 'set body', fingerprint: 'B2k2iIAKioudddK1ktqkbMUHz/M=', meaning: 'koa-3' },
  { host: 'koa', versions: ['3.2.0', '3.1.1', '3.1.2'], module: RESPONSE, name: 'set body', fingerprint: '+gv3Qc8YwcrLqsNZxLSHCa9iYbM=', meaning: 'koa-3' },
  { host: 'koa', versions: ['3.1.0'], module: RESPONSE, name: 'set body', fingerprint: 'pJ28tV32P1fo/5cJ/ea3Hy9N4kk=', meaning: 'koa-3' },
  { host: 'koa', versions: ['3.0.3', '3.0.0', '3.0.1', '3.0.2'], module: RESPONSE, name: 'set body', fingerprint: 'DuDuwwW/o18Mvt+7/93b/qZWovk=', meaning: 'koa-3' },
  // The response and request accessors both mirrors read directly.
  { host: 'koa', versions: ['2.16.4', '2.16.0', '2.16.1', '2.16.2', '2.16.3'], module: RESPONSE, name: 'get body', fingerprint: 'v6b1voCP87gibt1nEKY5lhHhOJU=', meaning: 'known' },
  { host: 'koa', versions: ['3.3.0', '3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.1.0', '3.1.1', '3.1.2', '3.2.0'], module: RESPONSE, name: 'get body', fingerprint: 'PDsrzpoyWM+hCcpYmEvZ9VRkHRY=', meaning: 'known' },
  { host: 'koa', versions: ['2.16.4', '2.16.0', '2.16.1', '2.16.2', '2.16.3'], module: RESPONSE, name: 'set status', fingerprint: 'J99qJMQ4Uwf9g/ayuusxCAnEErg=', meaning: 'koa-2' },
  { host: 'koa', versions: ['3.3.0', '3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.1.0', '3.1.1', '3.1.2', '3.2.0'], module: RESPONSE, name: 'set status', fingerprint: 'Y8R0InfM0q12Nt7BRXIYYeswvMQ=', meaning: 'koa-3' },
  { host: 'koa', versions: ['2.16.4', '2.16.0', '2.16.1', '2.16.2', '2.16.3'], module: RESPONSE, name: 'get status', fingerprint: 'cpLJqi6bCrmavzHGbmFFBlVXREo=', meaning: 'known' },
  { host: 'koa', versions: ['3.3.0', '3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.1.0', '3.1.1', '3.1.2', '3.2.0'], module: RESPONSE, name: 'get status', fingerprint: 'hSYG5m4jHSsTuBMzgRCGzSu0JtI=', meaning: 'known' },
  { host: 'koa', versions: ['2.16.4', '2.16.0', '2.16.1', '2.16.2', '2.16.3'], module: RESPONSE, name: 'get message', fingerprint: 'jHamhK67yDp+MsyGjfGSOO8cMzE=', meaning: 'koa-2' },
  { host: 'koa', versions: ['3.3.0', '3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.1.0', '3.1.1', '3.1.2', '3.2.0'], module: RESPONSE, name: 'get message', fingerprint: 'nlfcKBEq11pMeot7bWCkr41VQAk=', meaning: 'koa-3' },
  { host: 'koa', versions: ['2.16.4', '2.16.0', '2.16.1', '2.16.2', '2.16.3'], module: RESPONSE, name: 'get writable', fingerprint: 'Hs3bDxSxaBOktANCCcszL50OLp0=', meaning: 'known' },
  { host: 'koa', versions: ['3.3.0', '3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.1.0', '3.1.1', '3.1.2', '3.2.0'], module: RESPONSE, name: 'get writable', fingerprint: 'XarHTgqxSmA2FYrNxJpmNUo07B0=', meaning: 'known' },
  { host: 'koa', versions: ['2.16.4', '2.16.0', '2.16.1', '2.16.2', '2.16.3'], module: RESPONSE, name: 'set length', fingerprint: 'CSfNN+7bOzjGyulb9gnHp0/eFks=', meaning: 'known' },
  { host: 'koa', versions: ['3.3.0', '3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.1.0', '3.1.1', '3.1.2', '3.2.0'], module: RESPONSE, name: 'set length', fingerprint: 'kN02u6LJ7qD6H1TKYepb5fCEApg=', meaning: 'known' },
  { host: 'koa', versions: ['2.16.4', '2.16.0', '2.16.1', '2.16.2', '2.16.3'], module: RESPONSE, name: 'has', fingerprint: 'Z8b1UHG61BOTXD9kg8U3qQWNHPI=', meaning: 'known' },
  { host: 'koa', versions: ['3.3.0', '3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.1.0', '3.1.1', '3.1.2', '3.2.0'], module: RESPONSE, name: 'has', fingerprint: '1tTCnQDix4044CcWlKdIvg+Cc+M=', meaning: 'known' },
  { host: 'koa', versions: ['2.16.4', '2.16.0', '2.16.1', '2.16.2', '2.16.3'], module: RESPONSE, name: 'get headerSent', fingerprint: 'nknkcjIYvhV088VW6AGd5EQIV6M=', meaning: 'known' },
  { host: 'koa', versions: ['3.3.0', '3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.1.0', '3.1.1', '3.1.2', '3.2.0'], module: RESPONSE, name: 'get headerSent', fingerprint: 'ySuRzPetk0KgWEJcElbXqn/XTPY=', meaning: 'known' },
  { host: 'koa', versions: ['2.16.4', '2.16.0', '2.16.1', '2.16.2', '2.16.3'], module: REQUEST, name: 'get method', fingerprint: 'VdvGzKJFE+t0i5ZjZbOJDq3fYUo=', meaning: 'known' },
  { host: 'koa', versions: ['3.3.0', '3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.1.0', '3.1.1', '3.1.2', '3.2.0'], module: REQUEST, name: 'get method', fingerprint: 'xNCsZT2qYlnOt+dhmIexGHf/yeE=', meaning: 'known' },
  // The context's accessors `respond` reads: `delegates`' forwarding getter and setter (one text
  // each for every name; which object and name they forward to is checked on a probe).
  { host: 'koa', versions: ['2.16.4', '3.3.0'], module: CONTEXT, name: 'get body', fingerprint: 'dLw5Witt2NA33XFdHqzUUg+hcu8=', meaning: 'known' },
  { host: 'koa', versions: ['2.16.4', '3.3.0'], module: CONTEXT, name: 'get status', fingerprint: 'dLw5Witt2NA33XFdHqzUUg+hcu8=', meaning: 'known' },
  { host: 'koa', versions: ['2.16.4', '3.3.0'], module: CONTEXT, name: 'get writable', fingerprint: 'dLw5Witt2NA33XFdHqzUUg+hcu8=', meaning: 'known' },
  { host: 'koa', versions: ['2.16.4', '3.3.0'], module: CONTEXT, name: 'get message', fingerprint: 'dLw5Witt2NA33XFdHqzUUg+hcu8=', meaning: 'known' },
  { host: 'koa', versions: ['2.16.4', '3.3.0'], module: CONTEXT, name: 'get method', fingerprint: 'dLw5Witt2NA33XFdHqzUUg+hcu8=', meaning: 'known' },
  { host: 'koa', versions: ['2.16.4', '3.3.0'], module: CONTEXT, name: 'set type', fingerprint: 'vcTxDHTCWI3o0+X9bcxvH1RBhhA=', meaning: 'known' },
  { host: 'koa', versions: ['2.16.4', '3.3.0'], module: CONTEXT, name: 'set length', fingerprint: 'vcTxDHTCWI3o0+X9bcxvH1RBhhA=', meaning: 'known' }
]
