/**
 * The bin: main() runs the command the arguments name and turns every outcome into an exit
 * code; runProcess() makes a process the command, an app process or the load generator; and
 * the module's last line runs the process it is loaded in (imported here with a stubbed argv).
 */
import { EventEmitter } from 'node:events'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { LoadError } from '../../src/cli/app-loader.js'
import { AppFailure } from '../../src/cli/app-failure.js'
import { DEPRECATED } from '../../src/cli/args.js'
import { HELP } from '../../src/cli/help.js'
import { ownVersion } from '../../src/cli/own-version.js'
import type { Launcher } from '../../src/cli/child-processes.js'
import type { IpcMessage } from '../../src/cli/ipc-peer.js'
import { buildIfNeeded } from '../helpers/build.js'
import { fakeLauncher, stopAll, testContext } from './_context.js'

const root = fileURLToPath(new URL('../..', import.meta.url))

// The module's last line runs `process` as the command: with these arguments, `pulya --help`.
const written = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
const argv = process.argv
process.argv = [process.execPath, 'pulya', '--help']
const { main, runProcess } = await import('../../src/cli/main.js')
process.argv = argv

describe('the bin', () => {
  it('runs the process it is loaded in: `pulya --help` prints the usage, exit code 0', async () => {
    await vi.waitFor(() => {
      expect(written).toHaveBeenCalledWith(HELP)
    })
    written.mockRestore()
    expect(process.exitCode).toBe(0)
    process.exitCode = undefined
  })
})

/** A launcher that records the modes asked and fails every start with `error`. */
function failing(error: Error): Launcher & { modes: string[] } {
  const modes: string[] = []
  return {
    modes,
    startApp: (mode) => {
      modes.push(mode)
      return Promise.reject(error)
    },
    startLoader: () => Promise.reject(error)
  }
}

describe('main', () => {
  it.each([[[]], [['--help']]])('%j prints the usage: 0', async (args) => {
    const context = testContext(failing(new Error('unused')))
    expect(await main(args, context)).toBe(0)
    expect(context.out()).toBe(HELP)
  })

  it("--version prints pulya's own version: 0", async () => {
    const context = testContext(failing(new Error('unused')))
    expect(await main(['--version'], context)).toBe(0)
    expect(context.out()).toBe(`${ownVersion()}\n`)
  })

  it('an old spelling: its deprecation line on stderr first, then the command', async () => {
    const launcher = failing(new LoadError('pulya: cannot load app.js: no such file'))
    const context = testContext(launcher)
    expect(await main(['bench', 'app.js', '--no-check'], context)).toBe(2)
    expect(context.err()).toBe(`${DEPRECATED.noCheck}\npulya: cannot load app.js: no such file\n`)
  })

  it.each([
    [1, ['Error: boom']],
    [2, []]
  ] as const)(
    "an app's failure: its line, the app's stderr lines indented under it, exit %i",
    async (code, details) => {
      const context = testContext(
        failing(new AppFailure('pulya: GET /x crashed the pulya app process', details, code))
      )
      expect(await main(['routes', 'app.js'], context)).toBe(code)
      expect(context.err()).toBe(
        ['pulya: GET /x crashed the pulya app process', ...details.map((l) => `    ${l}`), ''].join('\n')
      )
    }
  )

  it.each([
    ['routes', ['routes']],
    ['check', ['vanilla', 'vanilla', 'pulya']],
    ['bench', ['vanilla', 'pulya', 'vanilla']],
    ['explain', ['pulya']]
  ])('%s runs its command (app processes %j)', async (command, modes) => {
    const launcher = failing(new LoadError('pulya: cannot load app.js: no such file'))
    const context = testContext(launcher)
    expect(await main([command, 'app.js'], context)).toBe(2)
    expect(launcher.modes).toEqual(modes)
    expect(context.err()).toBe('pulya: cannot load app.js: no such file\n')
  })

  it.each([
    ['a usage error', ['--nope'], new Error('unused'), 'pulya: unknown option --nope (see pulya --help)\n'],
    ['any other error: its first line', ['routes', 'app.js'], new Error('boom\nstack'), 'pulya: boom\n']
  ])('%s: exit 2, one line on stderr, nothing on stdout', async (_what, args, error, line) => {
    const context = testContext(failing(error))
    expect(await main(args, context)).toBe(2)
    expect([context.out(), context.err()]).toEqual(['', line])
  })

  it("a command's own exit code passes through", async () => {
    const launcher = fakeLauncher([{ methods: ['GET'], path: '/', exact: true }])
    const context = testContext(launcher)
    expect(await main(['routes', 'app.js'], context)).toBe(0)
    expect(context.out()).toBe('METHOD  PATH\nGET     /\n')
    stopAll(launcher)
  })
})

/** A stand-in process: argv as given, streams and IPC recorded, exit() recorded. */
function fakeProcess(
  args: string[],
  script = 'pulya'
): EventEmitter & {
  argv: string[]
  execPath: string
  execArgv: string[]
  stdout: { write(text: string): boolean }
  stderr: { write(text: string): boolean }
  out: string
  err: string
  sent: IpcMessage[]
  exits: number[]
  exitCode?: number | string | null | undefined
  send(message: IpcMessage): boolean
  exit(code: number): void
} {
  const proc = Object.assign(new EventEmitter(), {
    argv: [process.execPath, script, ...args],
    execPath: process.execPath,
    execArgv: [],
    out: '',
    err: '',
    sent: [] as IpcMessage[],
    exits: [] as number[],
    stdout: {
      write: (text: string) => {
        proc.out += text
        return true
      }
    },
    stderr: {
      write: (text: string) => {
        proc.err += text
        return true
      }
    },
    send: (message: IpcMessage) => {
      proc.sent.push(message)
      return true
    },
    exit: (code: number) => {
      proc.exits.push(code)
    }
  })
  return proc
}

describe('runProcess', () => {
  beforeAll(buildIfNeeded, 150_000)
  const bin = join(root, 'dist/esm/cli/main.js')

  it('`__child`: an app process, ready over its IPC channel, gone when the channel closes', async () => {
    const proc = fakeProcess(['__child', 'routes', 'examples/cli/koa-app.mjs', '', '', ''])
    await runProcess(proc)
    expect(proc.sent).toEqual([
      {
        type: 'ready',
        routes: [
          { methods: ['HEAD', 'GET'], path: '/api/users/:id', exact: true },
          { methods: ['HEAD', 'GET'], path: '/api/admin/stats', exact: true }
        ],
        kind: 'koa',
        serving: { mode: 'handler', source: 'default', how: 'exports the app without serving it' }
      }
    ])
    proc.emit('disconnect')
    expect(proc.exits).toEqual([0])
  })

  it('`__loader`: the load generator, ready at once, gone when the channel closes', async () => {
    const proc = fakeProcess(['__loader'])
    await runProcess(proc)
    expect(proc.sent).toEqual([{ type: 'ready' }])
    proc.emit('disconnect')
    expect(proc.exits).toEqual([0])
  })

  it('the command: its output, and its exit code once its children are stopped', async () => {
    const proc = fakeProcess(['routes', 'examples/cli/koa-app.mjs'], bin)
    await runProcess(proc)
    expect(proc.out).toBe('METHOD    PATH\nHEAD,GET  /api/users/:id\nHEAD,GET  /api/admin/stats\n')
    expect(proc.exitCode).toBe(0)
  })

  it('a failing command: exit code 2 and its line', async () => {
    const proc = fakeProcess(['routes', 'examples/cli/nope.mjs'], bin)
    await runProcess(proc)
    expect([proc.err, proc.exitCode]).toEqual(['pulya: cannot load examples/cli/nope.mjs: no such file\n', 2])
  })
})

afterAll(() => {
  written.mockRestore()
  process.exitCode = undefined
})
