/**
 * Generated differential test for Koa: seeded random apps with @koa/router (compat/koa-generator.ts),
 * each built vanilla, with `app.use(pulya())` and with pulya's Router; any difference from
 * vanilla fails with the seed and the app, so it can be replayed
 * (`PULYA_FUZZ_START=<seed> PULYA_FUZZ_SEEDS=1 npx vitest run test/koa/differential.generated.test.ts`).
 */
import { describe, expect, it } from 'vitest'
import { envInteger } from '../helpers/env.js'
import { formatDifferences } from '../../compat/differential.js'
import { describeKoaApp, drawKoaApp, runKoaScenario } from '../../compat/koa-generator.js'
import { KOA_HOSTS } from '../helpers/hosts.js'

const SEEDS = envInteger('PULYA_FUZZ_SEEDS', 30)
const START = envInteger('PULYA_FUZZ_START', 1)
const REQUESTS = envInteger('PULYA_FUZZ_REQUESTS', 40)
const seeds = Array.from({ length: SEEDS }, (_, i) => START + i)

describe.each(KOA_HOSTS)(
  '$name: generated apps answer the same vanilla, with app.use(pulya()) and with pulya Router',
  ({ Koa }) => {
    it.each(seeds)('seed %i', async (seed) => {
      const report = await runKoaScenario(Koa, seed, REQUESTS)
      expect(report.requests).toBe(REQUESTS)
      for (const [variant, differences] of Object.entries(report.differences)) {
        if (differences.length > 0)
          expect.fail(
            `${variant}, seed ${seed}:\n${describeKoaApp(drawKoaApp(seed))}\n\n${formatDifferences(differences.slice(0, 5))}`
          )
      }
    })
  }
)
