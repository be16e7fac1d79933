/**
 * Generated differential test: seeded random Express apps and requests, each sent to
 * vanilla Express and to the same app with pulya; any difference fails with the seed,
 * the app as code and the request, so it can be replayed.
 *
 * CI runs a fixed range of seeds. Long local runs: `node compat/differential-long.mjs
 * --seeds 1000 --start 1` (or set PULYA_FUZZ_SEEDS / PULYA_FUZZ_START /
 * PULYA_FUZZ_REQUESTS for this file directly).
 */
import { describe, expect, it } from 'vitest'
import { envInteger } from '../helpers/env.js'
import { formatDifferences, runDifferential } from '../../compat/differential.js'
import { generateScenario } from '../../compat/generator/index.js'
import { EXPRESS_HOSTS } from '../helpers/hosts.js'
import { pulya } from '../../src/express/index.js'

const SEEDS = envInteger('PULYA_FUZZ_SEEDS', 40)
const START = envInteger('PULYA_FUZZ_START', 1)
const REQUESTS = envInteger('PULYA_FUZZ_REQUESTS', 50)
const SHOWN = 6

const seeds = Array.from({ length: SEEDS }, (_, i) => START + i)

describe.each(EXPRESS_HOSTS)(
  '$name: generated apps answer the same with and without pulya',
  ({ name, express }) => {
    const major = name.endsWith('@4') ? 4 : 5
    it.each(seeds)('seed %i', async (seed) => {
      const scenario = generateScenario(seed, major, REQUESTS)
      // Odd seeds run pulya with per-route metrics on: responses must not change with them.
      const options =
        seed % 2 === 1
          ? { ...scenario.options, pulya: () => pulya({ metrics: { register: false } }) as never }
          : scenario.options
      const report = await runDifferential(express, scenario.build, scenario.steps, options)
      const replay = `replay: PULYA_FUZZ_START=${seed} PULYA_FUZZ_SEEDS=1 PULYA_FUZZ_REQUESTS=${REQUESTS} npx vitest run test/express/differential.generated.test.ts -t '${name}'`
      if (report.buildError !== null) {
        expect.fail(
          `the generator drew an app vanilla Express rejects (a generator bug): ${report.buildError}\n${replay}\n${scenario.description}`
        )
      }
      if (report.differences.length > 0) {
        const more =
          report.differences.length > SHOWN ? `\n… and ${report.differences.length - SHOWN} more` : ''
        expect.fail(
          `${replay}\n\n${scenario.description}\n\n${formatDifferences(report.differences.slice(0, SHOWN))}${more}`
        )
      }
    })
  }
)
