/**
 * The command's child processes: app processes (this script again with `__child`) and the load
 * generator (`__loader`), started as the command itself was started (node, its flags, the
 * script: SelfCommand), waited for until ready, spoken to over IPC, and all stopped at the end.
 * The commands see them through Launcher, so their tests give stand-ins.
 */
import { LoadError, firstLine, typeScriptLoader } from './app-loader.js'
import type { CliArgs } from './args.js'
import type { BenchLoader, ServerSample } from './bench-run.js'
import { appServerArgs, type AppMode } from './children/app-server.js'
import { LOAD_RUNNER } from './children/load-runner.js'
import { IpcPeer, type IpcMessage } from './ipc-peer.js'
import type { LoadOrder, LoadResult } from './load-generator.js'
import { LOADER_CPU, SERVER_CPU, spawnPinned, type Pinning } from './pinning.js'
import type { RouteInfo } from './routes.js'
import type { Matcher } from './spec-match.js'

/** How to run the command again: node, its flags and the command's script (`process.argv[1]`). */
export interface SelfCommand {
  execPath: string
  execArgv: readonly string[]
  script: string
}

/** An app process that is up: its routes, its port on 127.0.0.1, and what the command asks it. */
export interface AppProcess {
  routes: RouteInfo[]
  port: number
  /** Which route answers each request, by the app's own matchers (findRoute, in the process). */
  match: Matcher
  /** The process's own CPU time and RSS. */
  sample(): Promise<ServerSample>
  stop(): void
}

/** What the commands start. */
export interface Launcher {
  startApp(mode: AppMode, args: CliArgs, pinning?: Pinning): Promise<AppProcess>
  startLoader(pinning: Pinning): Promise<BenchLoader>
}

const NOT_PINNED: Pinning = { available: false, reason: 'not asked' }

/** The app process's IPC answers, as the commands use them. */
function appProcess(peer: IpcPeer, ready: IpcMessage): AppProcess {
  return {
    routes: ready['routes'] as RouteInfo[],
    port: ready['port'] as number,
    match: async (requests) =>
      (await peer.request({ type: 'match', requests }, 60_000))['templates'] as Array<string | null>,
    sample: async () => (await peer.request({ type: 'sample' }, 10_000)) as unknown as ServerSample,
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

  private start(pinning: Pinning, cpu: number, args: readonly string[], label: string): IpcPeer {
    const child = this.spawn(pinning, cpu, this.self.execPath, args, { stderr: 'inherit' })
    const peer = new IpcPeer(child, label)
    this.peers.push(peer)
    return peer
  }

  /** Starts an app process (on SERVER_CPU when `pinning` allows); resolves once it is ready. @throws LoadError */
  async startApp(mode: AppMode, args: CliArgs, pinning: Pinning = NOT_PINNED): Promise<AppProcess> {
    const order = appServerArgs({
      mode,
      app: args.app,
      exportName: args.exportName,
      pulyaModule: args.pulyaModule,
      pulyaOptions: args.pulyaOptions
    })
    const peer = this.start(
      pinning,
      SERVER_CPU,
      [...this.self.execArgv, ...typeScriptLoader(args.app), this.self.script, ...order],
      `the ${mode} app process`
    )
    let ready: IpcMessage
    try {
      ready = await peer.waitFor('ready', 60_000)
    } catch (error) {
      throw new LoadError(`pulya: ${firstLine(error)} before it was ready`)
    }
    if (typeof ready.error === 'string') throw new LoadError(ready.error)
    return appProcess(peer, ready)
  }

  /** Starts the load generator (on LOADER_CPU when `pinning` allows); resolves once it is ready. */
  async startLoader(pinning: Pinning): Promise<BenchLoader> {
    const peer = this.start(
      pinning,
      LOADER_CPU,
      [...this.self.execArgv, this.self.script, LOAD_RUNNER],
      'the load generator'
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
