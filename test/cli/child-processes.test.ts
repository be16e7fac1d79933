/**
 * The command's child processes, with a stand-in spawn: each child is run in-process over a
 * loopback IPC channel (the real app server and load runner), or scripted to fail.
 */
import type { ChildProcess } from 'node:child_process'
import { EventEmitter } from 'node:events'
import type { Server } from 'node:http'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { AppFailure } from '../../src/cli/app-failure.js'
import { LoadError } from '../../src/cli/app-loader.js'
import { parseArgs } from '../../src/cli/args.js'
import { ChildProcesses } from '../../src/cli/child-processes.js'
import { APP_SERVER, readAppServerArgs, serveApp } from '../../src/cli/children/app-server.js'
import { LOAD_RUNNER, runLoadRunner } from '../../src/cli/children/load-runner.js'
import { sendTo } from '../../src/cli/http-client.js'
import type { IpcChannel, IpcMessage } from '../../src/cli/ipc-peer.js'
import { LOADER_CPU, SERVER_CPU, type Pinning, type spawnPinned } from '../../src/cli/pinning.js'
import { target } from '../helpers/cli-target.js'
import { result } from './_bench-fixtures.js'

const SELF = { execPath: '/node', execArgv: ['--flag'], script: '/pulya/main.js' }
const NOT_PINNED: Pinning = { available: false, reason: 'not asked' }

/** A child process in-process: what the parent sends reaches `channel`'s listeners, and back. */
class LoopbackChild extends EventEmitter {
  exitCode: number | null = null
  signalCode: NodeJS.Signals | null = null
  server: Server | null = null
  /** What the child writes on stderr: the parent reads it. */
  readonly stderr = new EventEmitter()
  /** Whether the child answers IPC at all (a hung one does not). */
  answering = true
  private readonly inbox = new EventEmitter()
  readonly channel: IpcChannel = {
    send: (message) => {
      setImmediate(() => this.emit('message', message))
    },
    onMessage: (listener) => {
      this.inbox.on('message', listener)
    }
  }

  send(message: IpcMessage): boolean {
    if (this.answering) setImmediate(() => this.inbox.emit('message', message))
    return true
  }

  /** Ends as a crash does: stderr, the channel gone, then the exit event. */
  crash(code: number, lines: string): void {
    this.stderr.emit('data', Buffer.from(lines))
    this.exitCode = code
    this.emit('error', new Error('channel closed'))
    setImmediate(() => this.emit('exit', code, null))
  }

  kill(signal: NodeJS.Signals): boolean {
    this.signalCode = signal
    this.server?.close()
    this.emit('exit', null, signal)
    return true
  }
}

type Behaviour = (child: LoopbackChild, role: string, rest: string[]) => void

/** The real children, in-process: the app server, and the load runner with a stand-in window. */
const real: Behaviour = (child, role, rest) => {
  if (role === APP_SERVER)
    void serveApp(readAppServerArgs(rest), child.channel).then((server) => {
      child.server = server
    })
  else if (role === LOAD_RUNNER)
    runLoadRunner(child.channel, (order) =>
      order.url === 'fail' ? Promise.reject(new Error('refused')) : Promise.resolve(result({ requests: 9 }))
    )
}

const started: LoopbackChild[] = []
afterAll(() => {
  for (const child of started) child.server?.close()
})

/** ChildProcesses with a spawn that records its calls and starts `behaviour` in-process. */
function children(behaviour: Behaviour = real): {
  processes: ChildProcesses
  spawned: Array<{ pinning: Pinning; cpu: number; bin: string; args: string[] }>
} {
  const spawned: Array<{ pinning: Pinning; cpu: number; bin: string; args: string[] }> = []
  const spawn = ((pinning, cpu, bin, args) => {
    spawned.push({ pinning, cpu, bin, args: [...args] })
    const child = new LoopbackChild()
    started.push(child)
    const [role = '', ...rest] = args.slice(args.indexOf(SELF.script) + 1)
    behaviour(child, role, rest)
    return child as unknown as ChildProcess
  }) as typeof spawnPinned
  return { processes: new ChildProcesses(SELF, spawn), spawned }
}

describe('ChildProcesses.startApp', () => {
  it('starts the script again as an app process on SERVER_CPU, ready with its routes and port', async () => {
    const { processes, spawned } = children()
    const app = await processes.startApp('vanilla', parseArgs(['check', 'examples/cli/koa-app.mjs']))
    expect(spawned).toEqual([
      {
        pinning: NOT_PINNED,
        cpu: SERVER_CPU,
        bin: '/node',
        args: [
          '--flag',
          '/pulya/main.js',
          '__child',
          'vanilla',
          'examples/cli/koa-app.mjs',
          '',
          '',
          '',
          'auto'
        ]
      }
    ])
    expect(app.routes.map((r) => r.path)).toEqual(['/api/users/:id', '/api/admin/stats'])
    expect((await sendTo(app.port, target('/api/users/:id', '/api/users/5'))).body.toString()).toBe(
      '{"id":"5"}'
    )
    expect(await app.match([{ method: 'GET', path: '/api/users/5' }])).toEqual(['/api/users/:id'])
    expect(await app.sample()).toMatchObject({
      cpu: { user: expect.any(Number) as number },
      rss: expect.any(Number) as number
    })
    processes.stopAll()
  })

  it("passes the pinning, the app's options, and tsx's --import for a TypeScript app", async () => {
    const { processes, spawned } = children((child) => {
      child.channel.send({ type: 'ready', routes: [], port: 1 })
    })
    const pinned: Pinning = { available: true, reason: null }
    await processes.startApp(
      'pulya',
      parseArgs([
        'check',
        'examples/cli/typescript-app.ts',
        '--export',
        'make',
        '--pulya',
        '{"cache":{"max":9}}'
      ]),
      pinned
    )
    const [call] = spawned
    expect(call?.pinning).toBe(pinned)
    expect(call?.args.slice(1, 3)).toEqual([
      '--import',
      expect.stringMatching(/tsx\/dist\/loader\.mjs$/) as string
    ])
    expect(call?.args.slice(4)).toEqual([
      '__child',
      'pulya',
      'examples/cli/typescript-app.ts',
      'make',
      '',
      '{"cache":{"max":9}}',
      'auto'
    ])
    processes.stopAll()
  })

  it('an app process that cannot load: a LoadError with its line', async () => {
    const { processes } = children()
    await expect(
      processes.startApp('vanilla', parseArgs(['check', 'examples/cli/nope.mjs']))
    ).rejects.toThrow(new LoadError('pulya: cannot load examples/cli/nope.mjs: no such file'))
    processes.stopAll()
  })

  it.each([
    [
      'exits',
      (child: LoopbackChild) => {
        setImmediate(() => {
          child.stderr.emit('data', Buffer.from('Error: no DATABASE_URL\n    at connect (db.js:1:1)\n'))
          child.emit('exit', 1, null)
        })
      },
      'pulya: the vanilla app process exited with code 1 before it was ready',
      [
        'the vanilla app process, last lines on stderr:',
        '  Error: no DATABASE_URL',
        '      at connect (db.js:1:1)'
      ]
    ],
    [
      'errors',
      (child: LoopbackChild) => {
        setImmediate(() => child.emit('error', new Error('spawn EACCES')))
      },
      'pulya: spawn EACCES before it was ready',
      ['(the vanilla app process wrote nothing on stderr)']
    ]
  ])(
    'an app process that %s before it is ready: an AppFailure (exit 2) with its stderr',
    async (_what, behaviour, message, details) => {
      const { processes } = children(behaviour)
      const error = await processes
        .startApp('vanilla', parseArgs(['check', 'app.js']))
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(AppFailure)
      expect([
        (error as AppFailure).message,
        (error as AppFailure).details,
        (error as AppFailure).exitCode
      ]).toEqual([message, details, 2])
      processes.stopAll()
    }
  )
})

describe('AppProcess.ended and stderrTail', () => {
  const ready = (child: LoopbackChild): void => {
    child.channel.onMessage((message) => {
      if (message.type === 'sample') child.channel.send({ type: 'sample', id: message.id, cpu: {}, rss: 1 })
    })
    child.channel.send({ type: 'ready', routes: [], port: 1, kind: 'koa', serving: { mode: 'listen' } })
  }

  it('null while the process answers; how it ended once it crashed; its last stderr lines', async () => {
    const { processes } = children(ready)
    const app = await processes.startApp('pulya', parseArgs(['check', 'app.js']))
    expect([app.label, app.kind, app.serving]).toEqual(['the pulya app process', 'koa', { mode: 'listen' }])
    expect(await app.ended()).toBeNull()
    const child = started.at(-1) as LoopbackChild
    child.crash(1, 'TypeError: x is undefined\n    at /app.js:3:1\n')
    expect(await app.ended()).toBe('exited with code 1')
    // Known from then on without asking.
    expect(await app.ended()).toBe('exited with code 1')
    expect(app.stderrTail()).toEqual(['TypeError: x is undefined', '    at /app.js:3:1'])
    processes.stopAll()
  })

  it('explain: the explanation the process answers; its error as an Error naming the process', async () => {
    const { processes } = children((child) => {
      child.channel.onMessage((message) => {
        if (message.type === 'explain')
          child.channel.send(
            message.id === 1
              ? { type: 'explain', id: 1, explanation: { installed: true } }
              : { type: 'explain', id: message.id, error: 'boom' }
          )
      })
      child.channel.send({ type: 'ready', routes: [], port: 1, kind: 'koa', serving: { mode: 'listen' } })
    })
    const app = await processes.startApp('pulya', parseArgs(['check', 'app.js']))
    expect(await app.explain()).toEqual({ installed: true })
    await expect(app.explain()).rejects.toThrow('explain failed in the pulya app process: boom')
    processes.stopAll()
  })

  it('a process that exits while asked whether it is up: how it ended', async () => {
    const { processes } = children(ready)
    const app = await processes.startApp('vanilla', parseArgs(['check', 'app.js']))
    const child = started.at(-1) as LoopbackChild
    child.answering = false
    const ended = app.ended()
    child.emit('exit', 3, null)
    expect(await ended).toBe('exited with code 3')
    processes.stopAll()
  })

  it('killed: named by its signal', async () => {
    const { processes } = children(ready)
    const app = await processes.startApp('vanilla', parseArgs(['check', 'app.js']))
    ;(started.at(-1) as LoopbackChild).emit('exit', null, 'SIGSEGV')
    expect(await app.ended()).toBe('was killed by SIGSEGV')
    processes.stopAll()
  })

  it('a process that stops answering IPC: `stopped answering` once the wait is over', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    const { processes } = children(ready)
    const app = await processes.startApp('vanilla', parseArgs(['check', 'app.js']))
    ;(started.at(-1) as LoopbackChild).answering = false
    const ended = app.ended()
    await vi.advanceTimersByTimeAsync(2_000)
    await vi.advanceTimersByTimeAsync(2_000)
    expect(await ended).toBe('stopped answering')
    vi.useRealTimers()
    processes.stopAll()
  })
})

describe('ChildProcesses.startLoader', () => {
  it('starts the script again as the load generator on LOADER_CPU; runs windows, passes failures on', async () => {
    const { processes, spawned } = children()
    const loader = await processes.startLoader(NOT_PINNED)
    expect(spawned[0]).toMatchObject({ cpu: LOADER_CPU, args: ['--flag', '/pulya/main.js', '__loader'] })
    const order = { url: 'http://127.0.0.1:1', duration: 1, connections: 1, requests: [] }
    expect((await loader.run(order)).requests).toBe(9)
    await expect(loader.run({ ...order, url: 'fail' })).rejects.toThrow('the load generator failed: refused')
    processes.stopAll()
  })
})

describe('stopping', () => {
  it('stop() ends its own process; stopAll() every process started', async () => {
    const { processes } = children((child) => {
      child.channel.send({ type: 'ready', routes: [], port: 1 })
    })
    const args = parseArgs(['check', 'app.js'])
    const first = await processes.startApp('vanilla', args)
    await processes.startApp('pulya', args)
    await processes.startLoader(NOT_PINNED)
    const [a, b, c] = started.slice(-3)
    first.stop()
    expect([a?.signalCode, b?.signalCode]).toEqual(['SIGKILL', null])
    processes.stopAll()
    expect([b?.signalCode, c?.signalCode]).toEqual(['SIGKILL', 'SIGKILL'])
  })
})
