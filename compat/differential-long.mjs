// Long local runs of the generated differential test:
//   node compat/differential-long.mjs --seeds 1000 --start 1 [--requests 50] [--major 4|5]
// Runs test/express/differential.generated.test.ts through vitest with the seed range in
// PULYA_FUZZ_* variables (no extra dependency, no TypeScript loader of our own). A failing
// seed prints its replay command, the app as Express code and the differing request.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const USAGE = 'usage: node compat/differential-long.mjs --seeds N [--start S] [--requests R] [--major 4|5]'
const args = process.argv.slice(2)
const options = { seeds: '1000', start: '1', requests: '50', major: '' }
for (let i = 0; i < args.length; i += 2) {
  const key = args[i]?.replace(/^--/, '')
  const value = args[i + 1]
  if (key === undefined || !(key in options) || value === undefined || !/^\d+$/.test(value)) {
    console.error(USAGE)
    process.exit(2)
  }
  options[key] = value
}

const root = fileURLToPath(new URL('..', import.meta.url))
const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url))
const filter = options.major === '' ? [] : ['-t', `express@${options.major}`]
const result = spawnSync(
  process.execPath,
  [vitest, 'run', 'test/express/differential.generated.test.ts', '--testTimeout', '120000', ...filter],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      PULYA_FUZZ_SEEDS: options.seeds,
      PULYA_FUZZ_START: options.start,
      PULYA_FUZZ_REQUESTS: options.requests
    }
  }
)
process.exit(result.status ?? 1)
