/**
 * Child processes of a measurement, shared by `pulya bench` and the repo's `bench/` harness
 * (bench/lib/procs.mjs re-exports this): pinning to one CPU with `taskset`, and
 * request/answer over a child's IPC channel.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { availableParallelism } from 'node:os'

/** Servers run on this CPU, the load generator on the other. */
export const SERVER_CPU = 0
export const LOADER_CPU = 1

/** Whether processes can be pinned here; when not, why (the report says so). */
export interface Pinning {
  available: boolean
  reason: string | null
}

/**
 * Whether `command` (taskset) can pin a process to LOADER_CPU on this machine.
 * @param command - the taskset binary
 * @default command 'taskset'
 * @example detectPinning() // { available: true, reason: null } on a Linux box with 2+ CPUs
 */
export function detectPinning(command = 'taskset', cpus = availableParallelism()): Pinning {
  if (cpus < 2) return { available: false, reason: 'fewer than 2 CPUs' }
  try {
    execFileSync(command, ['-c', String(LOADER_CPU), 'true'], { stdio: 'ignore' })
    return { available: true, reason: null }
  } catch {
    return { available: false, reason: `${command} is missing or refused` }
  }
}

/** How to start `bin args` on `cpu`: through taskset when pinning is available, else as is. */
export function pinnedCommand(
  pinning: Pinning,
  cpu: number,
  bin: string,
  args: readonly string[]
): [string, string[]] {
  return pinning.available ? ['taskset', ['-c', String(cpu), bin, ...args]] : [bin, [...args]]
}

/** Starts `bin args` with an IPC channel, pinned to `cpu` when `pinning` allows. */
export function spawnPinned(
  pinning: Pinning,
  cpu: number,
  bin: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; stderr?: 'inherit' | 'ignore'; stdout?: 'inherit' | 'ignore' } = {}
): ChildProcess {
  const [command, argv] = pinnedCommand(pinning, cpu, bin, args)
  return spawn(command, argv, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', options.stdout ?? 'ignore', options.stderr ?? 'ignore', 'ipc']
  })
}

/** A message over IPC: `type` names it; an answer carries the `id` of its request. */
export interface IpcMessage {
  type?: string
  id?: number
  message?: string
  [key: string]: unknown
}

interface Waiter {
  resolve: (message: IpcMessage) => void
  reject: (error: Error) => void
}

/**
 * Request/answer over a child's IPC channel, matched by id. A child that exits, errors or
 * reports `{ type: 'fatal' }` rejects whatever is pending instead of hanging the run.
 */
export class IpcPeer {
  private nextId = 1
  private readonly pending = new Map<number, Waiter>()
  private readonly waiters = new Map<string, Waiter>()
  private failure: Error | null = null

  constructor(
    readonly child: ChildProcess,
    readonly label: string
  ) {
    child.on('message', (message: IpcMessage) => {
      this.onMessage(message)
    })
    child.on('exit', (code, signal) => {
      this.fail(new Error(`${label} exited (code ${String(code)}, signal ${String(signal)})`))
    })
    child.on('error', (error) => {
      this.fail(error)
    })
  }

  private onMessage(message: IpcMessage): void {
    if (message.type === 'fatal') {
      this.fail(new Error(`${this.label} crashed: ${String(message.message)}`))
      return
    }
    const byId = message.id !== undefined
    const key = byId ? message.id : message.type
    const waiter = byId ? this.pending.get(key as number) : this.waiters.get(String(key))
    if (waiter === undefined) return
    if (byId) this.pending.delete(key as number)
    else this.waiters.delete(String(key))
    waiter.resolve(message)
  }

  /** Rejects everything pending with `error`, and every later call. */
  fail(error: Error): void {
    if (this.failure !== null) return
    this.failure = error
    for (const waiter of [...this.pending.values(), ...this.waiters.values()]) waiter.reject(error)
    this.pending.clear()
    this.waiters.clear()
  }

  private wait(register: (waiter: Waiter) => void, what: string, timeoutMs: number): Promise<IpcMessage> {
    if (this.failure !== null) return Promise.reject(this.failure)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new Error(`${this.label}: ${what} within ${timeoutMs} ms`))
      }, timeoutMs)
      register({
        resolve: (message) => {
          clearTimeout(timer)
          resolve(message)
        },
        reject: (error) => {
          clearTimeout(timer)
          reject(error)
        }
      })
    })
  }

  /** The next message of `type` the child sends. */
  waitFor(type: string, timeoutMs: number): Promise<IpcMessage> {
    return this.wait((waiter) => this.waiters.set(type, waiter), `no "${type}"`, timeoutMs)
  }

  /** Sends `message` with a fresh id; resolves with the child's answer carrying that id. */
  request(message: IpcMessage, timeoutMs: number): Promise<IpcMessage> {
    const id = this.nextId++
    return this.wait(
      (waiter) => {
        this.pending.set(id, waiter)
        this.child.send({ ...message, id })
      },
      `no answer to "${String(message.type)}"`,
      timeoutMs
    )
  }

  /** Ends the child (SIGKILL); whatever is still pending is rejected (and its timer cleared). */
  stop(): void {
    this.fail(new Error(`${this.label} stopped`))
    this.child.removeAllListeners('exit')
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL')
  }
}
