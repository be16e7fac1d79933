/**
 * Every host contract case, in one table.
 * @module
 */
import type { ContractCase } from './_types.js'
import { DISPATCH_CASES } from './dispatch.js'
import { LIVE_CASES } from './live.js'
import { MOUNTING_CASES } from './mounting.js'
import { PARAM_CASES } from './params.js'
import { RESPONSE_CASES } from './responses.js'
import { SETTINGS_CASES } from './settings.js'
import { URL_CASES } from './urls.js'

export type { ContractCase, Host } from './_types.js'

export const CONTRACT_CASES: readonly ContractCase[] = [
  ...DISPATCH_CASES,
  ...PARAM_CASES,
  ...SETTINGS_CASES,
  ...MOUNTING_CASES,
  ...LIVE_CASES,
  ...URL_CASES,
  ...RESPONSE_CASES
]

/** The cases that apply to `major`. */
export function casesFor(major: 4 | 5): ContractCase[] {
  return CONTRACT_CASES.filter((c) => c.majors === undefined || c.majors.includes(major))
}
