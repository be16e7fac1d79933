/**
 * The command's child processes: app processes (this script again with `__child`) and the load
 * generator (`__loader`), started as the command itself was started (node, its flags, the
 * script: SelfCommand), waited for until ready, spoken to over IPC, and all stopped at the end.
 * The commands see them through Launcher, so their tests give stand-ins.
 */
import type { ChildProcess } from 'child_process'
import type { AppExplanation } from '../core/explain.js'
import { AppFailure, stderrLines } from './app-failure.js'
import { LoadError, firstLine, typeScriptLoader } from './app-loader.js'
import type { CliArgs } from './args.js'
import type { BenchLoader, ServerSample } from './bench-run.js'
import { appServerArgs, type AppMode } from './children/app-server.js'
import { LOAD_RUNNER } from './children/load-runner.js'
import { IpcPeer, type IpcMessage } from './ipc-peer.js'
import type { LoadOrder, LoadResult } from './load-generator.js'
import { LOADER_CPU, SERVER_CPU, spawnPinned, type Pinning } from './pinning.js'
import type { RouteInfo } from './routes.js'
import type { Serving } from './serving.js'
import type { Matcher } from './spec-match.js'
import { StderrTail } from './stderr-tail.js'

/** How to run the command again: node, its flags and the command's script (`process.argv[1]`). */
export interface SelfCommand {
  execPath: string
  execArgv: readonly string[]
  script: string
}

/** An app process that is up: its routes, its port on 127.0.0.1, and what the command asks it. */
export interface AppProcess {
  /** `the vanilla app process`: how messages name it. */
  label: string
  routes: RouteInfo[]
  port: number
  /** The app's kind (app-kinds/): `express`, `koa`. */
  kind: string
  /** How the process serves the app, and why. */
  serving: Serving
  /** Which route answers each request, by the app's own matchers (findRoute, in the process). */
  match: Matcher
  /** The process's own CPU time and RSS. */
  sample(): Promise<ServerSample>
  /** What pulya does for the app (a pulya process); null for a kind without an explain. @throws Error with its line */
  explain(): Promise<AppExplanation | null>
  /**
   * null while the process is up (it answers over IPC within 2 s), else how it ended:
   * `exited with code 1`, `was killed by SIGABRT`, `stopped answering`.
   */
  ended(): Promise<string | null>
  /** The last lines the process wrote on stderr. */
  stderrTail(): string[]
  stop(): void
}

/** What the commands start. */
export interface Launcher {
  startApp(mode: AppMode, args: CliArgs, pinning?: Pinning): Promise<AppProcess>
  startLoader(pinning: Pinning): Promise<BenchLoader>
}

const NOT_PINNED: Pinning = { available: false, reason: 'not asked' }

/** How a child ended, from its `exit` event. */
function endedHow(code: number | null, signal: NodeJS.Signals | null): string {
  return code !== null ? `exited with code ${code}` : `was killed by ${String(signal)}`
}

/** How long ended() waits for a sign of life, then for the exit that follows a closed channel. */
const ALIVE_WAIT_MS = 2_000

/** A child's end as a promise: how it ended, once it has. */
function exitOf(child: ChildProcess): { how: string | null; promise: Promise<string> } {
  const exit: { how: string | null; promise: Promise<string> } = { how: null, promise: Promise.resolve('') }
  exit.promise = new Promise((done) => {
    child.on('exit', (code: number | null, signal: NodeJS.Signals | null) => {
      exit.how = endedHow(code, signal)
      done(exit.how)
    })
  })
  return exit
}

/** `value` after `ms`, without keeping the process up. */
function after<T>(ms: number, value: T): Promise<T> {
  return new Promise((done) => setTimeout(done, ms, value).unref())
}

/** The app process's IPC answers, as the commands use them. */
function appProcess(
  peer: IpcPeer,
  ready: IpcMessage,
  tail: StderrTail,
  exit: ReturnType<typeof exitOf>
): AppProcess {
  return {
    label: peer.label,
    routes: ready['routes'] as RouteInfo[],
    port: ready['port'] as number,
    kind: ready['kind'] as string,
    serving: ready['serving'] as Serving,
    match: async (requests) =>
      (await peer.request({ type: 'match', requests }, 60_000))['templates'] as Array<string | null>,
    sample: async () => (await peer.request({ type: 'sample' }, 10_000)) as unknown as ServerSample,
    explain: async () => {
      const answer = await peer.request({ type: 'explain' }, 60_000)
      if (typeof answer.error === 'string')
        throw new Error(`explain failed in ${peer.label}: ${answer.error}`)
      return answer['explanation'] as AppExplanation | null
    },
    ended: async () => {
      if (exit.how !== null) return exit.how
      // A sign of life over IPC, or the exit. A dead child's channel can fail before its exit
      // event comes: then the exit is waited for.
      const alive = peer.request({ type: 'sample' }, ALIVE_WAIT_MS).then(
        () => true,
        () => false
      )
      const first = await Promise.race([exit.promise, alive])
      if (first === true) return null
      if (typeof first === 'string') return first
      return Promise.race([exit.promise, after(ALIVE_WAIT_MS, 'stopped answering')])
    },
    stderrTail: () => tail.tail(),
    stop: () => {
      peer.stop()
    }
  }
}

/**
 * The command's children, each stopped by stopAll() (main.ts calls it whatever the outcome).
 * @example const children = new ChildProcesses({ execPath: process.execPath, execArgv: process.execArgv, script: process.argv[1] })
 */
export class ChildProcesses implements Launcher {
  private readonly peers: IpcPeer[] = []

  /**
   * @param self - how the command was started; its children are that command again
   * @param spawn - starts a child with an IPC channel
   * @default spawn spawnPinned
   */
  constructor(
    private readonly self: SelfCommand,
    private readonly spawn: typeof spawnPinned = spawnPinned
  ) {}

  private start(
    pinning: Pinning,
    cpu: number,
    args: readonly string[],
    label: string,
    stderr: 'pipe' | 'inherit'
  ): { peer: IpcPeer; child: ChildProcess } {
    const child = this.spawn(pinning, cpu, this.self.execPath, args, { stderr })
    const peer = new IpcPeer(child, label)
    this.peers.push(peer)
    return { peer, child }
  }

  /**
   * Starts an app process (on SERVER_CPU when `pinning` allows); resolves once it is ready.
   * Its stderr is kept (StderrTail), shown when it fails.
   * @throws LoadError with the process's line; AppFailure, with its stderr, when it ends before it is ready
   */
  async startApp(mode: AppMode, args: CliArgs, pinning: Pinning = NOT_PINNED): Promise<AppProcess> {
    const order = appServerArgs({
      mode,
      app: args.app,
      exportName: args.exportName,
      pulyaModule: args.pulyaModule,
      pulyaOptions: args.pulyaOptions,
      serve: args.serve
    })
    const { peer, child } = this.start(
      pinning,
      SERVER_CPU,
      [...this.self.execArgv, ...typeScriptLoader(args.app), this.self.script, ...order],
      `the ${mode} app process`,
      'pipe'
    )
    const tail = new StderrTail()
    child.stderr?.on('data', (chunk: Buffer) => {
      tail.write(chunk)
    })
    const exit = exitOf(child)
    let ready: IpcMessage
    try {
      ready = await peer.waitFor('ready', 60_000)
    } catch (error) {
      throw new AppFailure(
        `pulya: ${exit.how === null ? firstLine(error) : `${peer.label} ${exit.how}`} before it was ready`,
        stderrLines(peer.label, tail.tail()),
        2
      )
    }
    if (typeof ready.error === 'string') throw new LoadError(ready.error)
    return appProcess(peer, ready, tail, exit)
  }

  /** Starts the load generator (on LOADER_CPU when `pinning` allows); resolves once it is ready. */
  async startLoader(pinning: Pinning): Promise<BenchLoader> {
    const { peer } = this.start(
      pinning,
      LOADER_CPU,
      [...this.self.execArgv, this.self.script, LOAD_RUNNER],
      'the load generator',
      'inherit'
    )
    await peer.waitFor('ready', 30_000)
    return {
      run: async (order: LoadOrder): Promise<LoadResult> => {
        const answer = await peer.request({ type: 'run', ...order }, (order.duration + 30) * 1000)
        if (typeof answer.error === 'string') throw new Error(`the load generator failed: ${answer.error}`)
        return answer['result'] as LoadResult
      }
    }
  }

  /** Stops every child started (SIGKILL): what they were doing is over. */
  stopAll(): void {
    for (const peer of this.peers) peer.stop()
  }
}
