/**
 * The Express functions pulya recognises by text (see src/core/known-sources.ts). Adding an
 * Express version whose text changed is one line per changed function:
 * `npm run known-sources -- --add express@X.Y.Z` prints the lines.
 */
import type { KnownSource } from '../../core/known-sources.js'

/** How Express's `res.send` treats a string body; each is one known source text. */
export const enum SendDialect {
  /** Express 4.22: `type('html')` if unset, then `setCharset`; Content-Length always; `statusCode = 304`. */
  Express4 = 4,
  /** Express 5.2: as 4.22 for strings, but `this.status(304)`. */
  Express52 = 52,
  /** Express 5.3: `setCharset` if set, else `type('html')`; no Content-Length with Transfer-Encoding. */
  Express53 = 53
}

/** How `res.sendStatus` sets the status: 4.x assigns `statusCode`, 5.x calls `this.status()`. */
export type SendStatusStyle = 'field' | 'method'

/** What Express's private `logerror` prints: the stack (4.x–5.2) or the error itself (5.3). */
export type LogErrorStyle = 'stack' | 'error'

type Entry = KnownSource<SendDialect | SendStatusStyle | LogErrorStyle | true>

const RESPONSE = 'lib/response.js'
const APPLICATION = 'lib/application.js'

// One entry per line: scripts/known-sources.mjs reads the table as text.
// prettier-ignore
export const EXPRESS_KNOWN_SOURCES: readonly Entry[] = [
  { host: 'express', versions: ['4.22.1'], module: RESPONSE, name: 'send', fingerprint: 'kKdzB5gUhqZ4GSO4GheBM0b7xMU=', meaning: SendDialect.Express4 },
  { host: 'express', versions: ['5.2.1'], module: RESPONSE, name: 'send', fingerprint: 'Oks4yRStn2NRlxMpN+z2sV7/THo=', meaning: SendDialect.Express52 },
  { host: 'express', versions: ['5.3.0'], module: RESPONSE, name: 'send', fingerprint: 'aj0Bnm4FSJZUAX2b6Yjhi8wuHAQ=', meaning: SendDialect.Express53 },
  { host: 'express', versions: ['4.22.1'], module: RESPONSE, name: 'json', fingerprint: 'JHxrl8y1S7EJswy9QlgmJRc2TOI=', meaning: true },
  { host: 'express', versions: ['5.2.1', '5.3.0'], module: RESPONSE, name: 'json', fingerprint: 'tsyGQ+tGiG4KcXIEdmPVkRNmCNQ=', meaning: true },
  { host: 'express', versions: ['4.22.1'], module: RESPONSE, name: 'sendStatus', fingerprint: 'F2GcqwWtqqXcyIS+X8vaZEEUOhs=', meaning: 'field' },
  { host: 'express', versions: ['5.2.1', '5.3.0'], module: RESPONSE, name: 'sendStatus', fingerprint: 'r8qwW4PLfoLDo7hT0ptCScH/cpE=', meaning: 'method' },
  { host: 'express', versions: ['4.22.1'], module: RESPONSE, name: 'set', fingerprint: 'UUqYQEejEW52bxD/T03MPA30L5w=', meaning: true },
  { host: 'express', versions: ['5.2.1', '5.3.0'], module: RESPONSE, name: 'set', fingerprint: 'mMOMQc652nyHToJN4h9fsaangYQ=', meaning: true },
  { host: 'express', versions: ['4.22.1'], module: RESPONSE, name: 'type', fingerprint: 'Rl/aUPgkFPH0C0oG1jfWvtbw4fs=', meaning: true },
  { host: 'express', versions: ['5.2.1', '5.3.0'], module: RESPONSE, name: 'type', fingerprint: 'yaTK26KQKpEIaQQluU3PpCQqjaA=', meaning: true },
  { host: 'express', versions: ['4.22.1', '5.2.1'], module: APPLICATION, name: 'logerror', fingerprint: 'oR/XQNMdQ8iMD8+CAdEW+nu4pZw=', meaning: 'stack' },
  { host: 'express', versions: ['5.3.0'], module: APPLICATION, name: 'logerror', fingerprint: 'SCnNJhcYqCxdHGD+a1t1N0LkWco=', meaning: 'error' }
]
