// Runs a checkout's own mocha (from its node_modules, cwd = checkout) once, with reporter.cjs,
// and returns what the reporter wrote plus how the process ended.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { setInterval, clearInterval } from 'node:timers'

/** How long mocha may stay alive after its run ended before it counts as hung on open handles. */
const EXIT_GRACE_MS = 15_000
const POLL_MS = 200

/**
 * The mocha arguments of the checkout's `npm test`, minus the reporter and `--bail` (every test
 * must run to be counted). Express 4.x: `mocha --require test/support/env --reporter spec --bail
 * --check-leaks test/ test/acceptance/`; 5.x: the same without `--bail`.
 */
export function mochaArgsFromTestScript(script) {
  const words = script.trim().split(/\s+/)
  if (words[0] !== 'mocha')
    throw new Error(`the checkout's "test" script does not start with mocha: ${script}`)
  const args = []
  for (let i = 1; i < words.length; i++) {
    const w = words[i]
    if (w === '--reporter' || w === '-R') i++
    else if (w.startsWith('--reporter=') || w === '--bail' || w === '-b') continue
    else args.push(w)
  }
  return args
}

/** `_mocha` runs the suite in-process (mocha 6's `mocha` bin re-spawns node), so one pid to kill. */
export function mochaBin(checkout) {
  const dir = join(checkout, 'node_modules', 'mocha')
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  const bin = typeof pkg.bin === 'string' ? pkg.bin : (pkg.bin._mocha ?? pkg.bin.mocha)
  return { file: join(dir, bin), version: pkg.version }
}

/**
 * @param {object} o
 * @param {string} o.checkout  the Express checkout (cwd of the run)
 * @param {string[]} o.args    mocha arguments (reporter excluded)
 * @param {object} o.env       extra environment
 * @param {string} o.resultFile where reporter.cjs writes
 * @param {number} o.timeoutMs  the whole run's limit
 * @param {boolean} o.verbose   show the suite's stdout/stderr instead of only the progress dots
 */
export function runMocha({ checkout, args, env, resultFile, reporter, timeoutMs, verbose }) {
  rmSync(resultFile, { force: true })
  const { file } = mochaBin(checkout)
  const started = Date.now()
  const child = spawn(process.execPath, [file, ...args, '--reporter', reporter], {
    cwd: checkout,
    env: { ...process.env, ...env, PULYA_SUITE_RESULT: resultFile },
    stdio: ['ignore', verbose ? 'inherit' : 'pipe', 'inherit'],
    // Its own process group, so a hung run can be killed with everything it started.
    detached: true
  })
  let output = ''
  child.stdout?.on('data', (chunk) => {
    output = (output + chunk).slice(-20_000)
  })

  return new Promise((resolve, reject) => {
    let endedAt = null
    let killedBecause = null
    const kill = (reason) => {
      killedBecause = reason
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {
        // Already gone between the check and the kill.
      }
    }
    const timer = setInterval(() => {
      const now = Date.now()
      if (endedAt === null && existsSync(resultFile)) endedAt = now
      if (endedAt !== null && now - endedAt > EXIT_GRACE_MS) kill('did not exit after the run ended')
      else if (now - started > timeoutMs) kill(`timed out after ${timeoutMs} ms`)
    }, POLL_MS)
    child.on('error', (err) => {
      clearInterval(timer)
      reject(err)
    })
    child.on('close', (code, signal) => {
      clearInterval(timer)
      const wallMs = (endedAt ?? Date.now()) - started
      if (!existsSync(resultFile)) {
        reject(
          new Error(
            `mocha ended (code ${code}, signal ${signal}${killedBecause ? `, ${killedBecause}` : ''}) ` +
              `without results; its last output:\n${output.slice(-4000)}`
          )
        )
        return
      }
      const result = JSON.parse(readFileSync(resultFile, 'utf8'))
      resolve({ result, exitCode: code, exitedCleanly: killedBecause === null, killedBecause, wallMs })
    })
  })
}
