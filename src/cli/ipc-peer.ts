/**
 * Request/answer over a child process's IPC channel, shared by `pulya bench` and the repo's
 * `bench/` harness (through bench-kit.ts).
 */
import type { ChildProcess } from 'child_process'

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

/** A child's end of its IPC channel: what the command's child processes send and hear. */
export interface IpcChannel {
  send(message: IpcMessage): void
  onMessage(listener: (message: IpcMessage) => void): void
}

/** What processChannel needs of a process: node's `process` in a child started with an IPC channel. */
export interface ChannelProcess {
  send?: (message: IpcMessage) => unknown
  on(event: 'message', listener: (message: IpcMessage) => void): unknown
}

/**
 * The IPC channel of `proc` (a process started without one has no `send`: its messages go nowhere).
 * @example processChannel(process).send({ type: 'ready' })
 */
export function processChannel(proc: ChannelProcess): IpcChannel {
  return {
    send: (message) => {
      proc.send?.(message)
    },
    onMessage: (listener) => {
      proc.on('message', listener)
    }
  }
}
