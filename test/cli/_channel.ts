/** A child's IPC channel, in-process: what the child sends is recorded, what the parent sends is delivered. */
import type { IpcChannel, IpcMessage } from '../../src/cli/ipc-peer.js'

/** The channel, the messages sent on it, and the parent's side: deliver() and next(). */
export interface TestChannel extends IpcChannel {
  sent: IpcMessage[]
  /** Delivers `message` to the child, as the parent's send would. */
  deliver(message: IpcMessage): void
  /** The next message of `type` the child sends (or the one it already sent). */
  next(type: string): Promise<IpcMessage>
}

export function testChannel(): TestChannel {
  const sent: IpcMessage[] = []
  const listeners: Array<(message: IpcMessage) => void> = []
  const waiting: Array<{ type: string; done: (message: IpcMessage) => void }> = []
  return {
    sent,
    send: (message) => {
      sent.push(message)
      for (const waiter of waiting.filter((w) => w.type === message.type)) {
        waiting.splice(waiting.indexOf(waiter), 1)
        waiter.done(message)
      }
    },
    onMessage: (listener) => {
      listeners.push(listener)
    },
    deliver: (message) => {
      for (const listener of listeners) listener(message)
    },
    next: (type) => {
      const seen = sent.find((m) => m.type === type)
      return seen !== undefined ? Promise.resolve(seen) : new Promise((done) => waiting.push({ type, done }))
    }
  }
}
