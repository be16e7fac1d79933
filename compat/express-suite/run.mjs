// Runs Express's own mocha suite from a checkout of expressjs/express twice, vanilla and with
// `app.use(pulya())` injected after every `express()` call, and compares the outcomes.
// How to get a checkout: compat/README.md.
//
//   node compat/express-suite/run.mjs <checkout> [flags]
//     --json FILE        also write the full report (counts, differences, error messages) as JSON
//     --no-pulya         run vanilla only
//     --entry NAME       pulya entry to inject: 'pulya' (default) or 'pulya/express';
//                        the PULYA_SUITE_ENTRY environment variable sets the default
//     --options JSON     options for pulya(options), e.g. '{"cache":false}'
//     --pulya-root DIR   use the build (dist/) of another copy of pulya, e.g. an older commit
//                        exported with `git archive` and built there (default: this repository)
//     --timeout-min N    limit per run in minutes (default 10)
//     --verbose          show the suite's own stdout
//
// Exit code: 0 when every test has the same outcome with and without pulya, 1 when any differs
// (or, with --no-pulya, when any test fails), 2 on a usage or set-up error. Uses the built package (dist/): `npm run build` first.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { dirname, join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { compareRuns, countRun, formatReport, outcomes } from './_compare.mjs'
import { mochaArgsFromTestScript, mochaBin, runMocha } from './_mocha.mjs'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = resolve(HERE, '..', '..')
const INJECT = join(HERE, 'inject.cjs')
const REPORTER = join(HERE, 'reporter.cjs')
const ENTRY_FILES = {
  pulya: 'dist/commonjs/index.js',
  'pulya/express': 'dist/commonjs/express/index.js'
}

class UsageError extends Error {}

function parseConfig(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'string' },
      'no-pulya': { type: 'boolean', default: false },
      entry: { type: 'string', default: process.env.PULYA_SUITE_ENTRY || 'pulya' },
      options: { type: 'string' },
      'pulya-root': { type: 'string' },
      serve: { type: 'string', default: 'http' },
      'timeout-min': { type: 'string', default: '10' },
      verbose: { type: 'boolean', default: false }
    }
  })
  if (positionals.length !== 1)
    throw new UsageError(
      'usage: run.mjs <express-checkout> [--json out.json] [--no-pulya] [--entry pulya|pulya/express] [--serve http|pulya]'
    )
  if (!Object.hasOwn(ENTRY_FILES, values.entry)) {
    throw new UsageError(
      `--entry must be one of ${Object.keys(ENTRY_FILES).join(', ')}, got "${values.entry}"`
    )
  }
  if (values.options !== undefined) JSON.parse(values.options)
  if (values.serve !== 'http' && values.serve !== 'pulya')
    throw new UsageError(
      `--serve must be http (supertest's http.createServer) or pulya (pulya's createServer), got "${values.serve}"`
    )
  const minutes = Number(values['timeout-min'])
  if (!(minutes > 0))
    throw new UsageError(`--timeout-min must be a positive number, got "${values['timeout-min']}"`)
  return {
    checkout: resolve(positionals[0]),
    json: values.json === undefined ? null : resolve(values.json),
    withPulya: !values['no-pulya'],
    entry: values.entry,
    options: values.options ?? null,
    serve: values.serve,
    pulyaRoot: values['pulya-root'] === undefined ? ROOT : resolve(values['pulya-root']),
    timeoutMs: minutes * 60_000,
    verbose: values.verbose
  }
}

function git(cwd, ...args) {
  try {
    return execFileSync('git', ['-C', cwd, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore']
    }).trim()
  } catch {
    return null
  }
}

function inspectCheckout(checkout) {
  const pkgFile = join(checkout, 'package.json')
  if (!existsSync(pkgFile)) throw new UsageError(`${checkout} has no package.json: not an Express checkout`)
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'))
  if (pkg.name !== 'express') throw new UsageError(`${checkout} is "${pkg.name}", not an Express checkout`)
  if (!existsSync(join(checkout, 'test')))
    throw new UsageError(`${checkout} has no test/: npm's tarball lacks the suite, use a git checkout`)
  if (!existsSync(join(checkout, 'node_modules', 'mocha'))) {
    throw new UsageError(
      `${checkout} has no node_modules/mocha: run \`npm install --no-audit --no-fund\` there first`
    )
  }
  // send 1.x (Express 5) applies `dotfiles: 'ignore'` to the whole absolute path, so under a
  // directory such as ~/.cache every res.sendFile/res.download test 404s, vanilla included.
  const dotted = checkout.split(sep).find((part) => part.startsWith('.') && part !== '.' && part !== '..')
  if (dotted !== undefined) {
    console.error(
      `warning: the checkout path contains "${dotted}"; Express 5's sendFile/download tests fail under a dot-directory`
    )
  }
  return {
    checkout,
    version: pkg.version,
    ref: git(checkout, 'describe', '--tags', '--always'),
    commit: git(checkout, 'rev-parse', 'HEAD'),
    testScript: pkg.scripts?.test ?? null
  }
}

/** Newest file under `dir`; symlinks are not followed (tshy links dist/node_modules/pulya to the package). */
function newestMtime(dir) {
  let newest = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name)
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(path))
    else if (e.isFile()) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

/** Uncommitted changes under src/ (so the commit alone does not say what was tested), or null outside git. */
function pulyaSrcChanged(root) {
  const status = git(root, 'status', '--porcelain', '--', 'src')
  return status === null ? null : status !== ''
}

function checkBuild(root, entry) {
  const file = join(root, ENTRY_FILES[entry])
  if (!existsSync(file))
    throw new UsageError(`pulya is not built (${file} is missing): run \`npm run build\` in ${root}`)
  const src = join(root, 'src')
  if (existsSync(src) && newestMtime(src) > newestMtime(join(root, 'dist', 'commonjs'))) {
    console.error(
      'warning: src/ is newer than dist/: this run tests the last build (`npm run build` to refresh)'
    )
  }
  return file
}

function summarise(run) {
  const failures = []
  const pending = []
  for (const r of outcomes(run.result).values()) {
    if (r.state === 'failed')
      failures.push({ id: r.id, file: r.file, fullTitle: r.fullTitle, error: r.error })
    else if (r.state === 'pending') pending.push(r.id)
  }
  return {
    counts: countRun(run.result),
    wallMs: run.wallMs,
    mochaMs: run.result.durationMs,
    exitCode: run.exitCode,
    exitedCleanly: run.exitedCleanly,
    killedBecause: run.killedBecause,
    injection: run.result.injection,
    failures,
    pending
  }
}

async function main() {
  const config = parseConfig(process.argv.slice(2))
  const express = inspectCheckout(config.checkout)
  if (express.testScript === null)
    throw new UsageError(`${config.checkout}/package.json has no "test" script`)
  const args = mochaArgsFromTestScript(express.testScript)
  const mocha = mochaBin(config.checkout)
  const entryFile = config.withPulya ? checkBuild(config.pulyaRoot, config.entry) : null

  const scratch = mkdtempSync(join(tmpdir(), 'pulya-express-suite-'))
  const base = {
    checkout: config.checkout,
    resultFile: join(scratch, 'result.json'),
    reporter: REPORTER,
    timeoutMs: config.timeoutMs,
    verbose: config.verbose
  }
  const report = {
    date: new Date().toISOString(),
    node: process.versions.node,
    express,
    mocha: { version: mocha.version, args },
    pulya: config.withPulya
      ? {
          root: config.pulyaRoot,
          entry: config.entry,
          entryFile,
          options: config.options,
          commit: git(config.pulyaRoot, 'rev-parse', 'HEAD'),
          srcChanged: pulyaSrcChanged(config.pulyaRoot)
        }
      : null,
    runs: { vanilla: null, pulya: null },
    diff: null
  }
  try {
    console.error(`vanilla: mocha ${args.join(' ')}`)
    const vanilla = await runMocha({ ...base, args, env: {} })
    report.runs.vanilla = summarise(vanilla)
    if (config.withPulya) {
      // After the suite's own --require hooks (test/support/env sets NODE_ENV first).
      const pulyaArgs = [...args, '--require', INJECT]
      console.error(`pulya:   mocha ${pulyaArgs.join(' ')}`)
      const env = {
        PULYA_SUITE_CHECKOUT: config.checkout,
        PULYA_SUITE_ENTRY: config.entry,
        PULYA_SUITE_ROOT: config.pulyaRoot
      }
      if (config.options !== null) env.PULYA_SUITE_OPTIONS = config.options
      if (config.serve === 'pulya') env.PULYA_SUITE_SERVE = 'pulya'
      const withPulya = await runMocha({ ...base, args: pulyaArgs, env })
      report.runs.pulya = summarise(withPulya)
      if ((withPulya.result.injection?.injected ?? 0) === 0) {
        throw new Error('pulya was never injected: no express() call went through inject.cjs')
      }
      report.diff = compareRuns(vanilla.result, withPulya.result)
      // An open handle left by pulya (a timer, a socket) would keep users' processes alive too.
      report.diff.hangsOnlyWithPulya = vanilla.exitedCleanly && !withPulya.exitedCleanly
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }

  console.log(formatReport(report))
  if (config.json !== null) {
    writeFileSync(config.json, `${JSON.stringify(report, null, 2)}\n`)
    console.error(`wrote ${config.json}`)
  }
  const d = report.diff
  if (d === null)
    return report.runs.vanilla.counts.failed + report.runs.vanilla.counts.hookFailures > 0 ? 1 : 0
  const differs =
    d.hangsOnlyWithPulya ||
    d.regressions.length + d.notRun.length + d.newHookFailures.length + d.fixed.length > 0
  return differs ? 1 : 0
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (err) => {
    console.error(err instanceof UsageError ? err.message : err)
    process.exitCode = 2
  }
)
