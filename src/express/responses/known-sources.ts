/**
 * The Express functions pulya recognises by text (see src/core/known-sources.ts). Adding an
 * Express version whose text changed is one line per changed function:
 * `npm run known-sources -- --add express@X.Y.Z` prints the lines.
 */
import type { KnownSource } from '../../core/known-sources.js'

/**
 * How Express's `res.send` treats a string body; each is one known source text:
 * - `'express-4'` (4.22): `type('html')` if unset, then `setCharset`; Content-Length always; a
 *   fresh request gets `statusCode = 304`;
 * - `'express-5.2'`: as 4.22 for strings, but `this.status(304)`;
 * - `'express-5.3'`: `setCharset` if set, else `type('html')`; no Content-Length with
 *   Transfer-Encoding; `this.status(304)`.
 */
export type SendDialect = 'express-4' | 'express-5.2' | 'express-5.3'

/** How `res.sendStatus` sets the status: 4.x assigns `statusCode`, 5.x calls `this.status()`. */
export type SendStatusStyle = 'assigns-status-code' | 'calls-status'

/** What Express's private `logerror` prints: the stack (4.x–5.2) or the error itself (5.3). */
export type LogErrorStyle = 'logs-stack' | 'logs-error'

/**
 * Each entry's meaning: one of the above, or `'known'` for a text pulya relies on the same way in
 * every version listed.
 */
type Entry = KnownSource<SendDialect | SendStatusStyle | LogErrorStyle | 'known'>

const RESPONSE = 'lib/response.js'
const APPLICATION = 'lib/application.js'

// One entry per line: scripts/known-sources.mjs reads the table as text.
// prettier-ignore
export const EXPRESS_KNOWN_SOURCES: readonly Entry[] = [
  { host: 'express', versions: ['4.22.1'], module: RESPONSE, name: 'send', fingerprint: 'kKdzB5gUhqZ4GSO4GheBM0b7xMU=', meaning: 'express-4' },
  { host: 'express', versions: ['5.2.1'], module: RESPONSE, name: 'send', fingerprint: 'Oks4yRStn2NRlxMpN+z2sV7/THo=', meaning: 'express-5.2' },
  { host: 'express', versions: ['5.3.0'], module: RESPONSE, name: 'send', fingerprint: 'aj0Bnm4FSJZUAX2b6Yjhi8wuHAQ=', meaning: 'express-5.3' },
  { host: 'express', versions: ['4.22.1'], module: RESPONSE, name: 'json', fingerprint: 'JHxrl8y1S7EJswy9QlgmJRc2TOI=', meaning: 'known' },
  { host: 'express', versions: ['5.2.1', '5.3.0'], module: RESPONSE, name: 'json', fingerprint: 'tsyGQ+tGiG4KcXIEdmPVkRNmCNQ=', meaning: 'known' },
  { host: 'express', versions: ['4.22.1'], module: RESPONSE, name: 'sendStatus', fingerprint: 'F2GcqwWtqqXcyIS+X8vaZEEUOhs=', meaning: 'assigns-status-code' },
  { host: 'express', versions: ['5.2.1', '5.3.0'], module: RESPONSE, name: 'sendStatus', fingerprint: 'r8qwW4PLfoLDo7hT0ptCScH/cpE=', meaning: 'calls-status' },
  { host: 'express', versions: ['4.22.1'], module: RESPONSE, name: 'set', fingerprint: 'UUqYQEejEW52bxD/T03MPA30L5w=', meaning: 'known' },
  { host: 'express', versions: ['5.2.1', '5.3.0'], module: RESPONSE, name: 'set', fingerprint: 'mMOMQc652nyHToJN4h9fsaangYQ=', meaning: 'known' },
  { host: 'express', versions: ['4.22.1'], module: RESPONSE, name: 'type', fingerprint: 'Rl/aUPgkFPH0C0oG1jfWvtbw4fs=', meaning: 'known' },
  { host: 'express', versions: ['5.2.1', '5.3.0'], module: RESPONSE, name: 'type', fingerprint: 'yaTK26KQKpEIaQQluU3PpCQqjaA=', meaning: 'known' },
  { host: 'express', versions: ['4.22.1', '5.2.1'], module: APPLICATION, name: 'logerror', fingerprint: 'oR/XQNMdQ8iMD8+CAdEW+nu4pZw=', meaning: 'logs-stack' },
  { host: 'express', versions: ['5.3.0'], module: APPLICATION, name: 'logerror', fingerprint: 'SCnNJhcYqCxdHGD+a1t1N0LkWco=', meaning: 'logs-error' }
]
