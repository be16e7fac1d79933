/**
 * The load generator process (the command's own script with `__loader`, pinned to its own CPU):
 * it stays up and runs each `run` order it is sent as one measured window (runLoad), so its
 * start-up and JIT warm-up never land in a window. main.ts gives it the process's channel.
 */
import { firstLine } from '../app-loader.js'
import type { IpcChannel, IpcMessage } from '../ipc-peer.js'
import { runLoad, type LoadOrder, type LoadResult } from '../load-generator.js'

/** The argument that makes the command's script the load generator. */
export const LOAD_RUNNER = '__loader'

/**
 * Answers every `run` order on `channel` with `{ type: 'result', id, result }` (or `error`, one
 * line), then says it is ready.
 * @param run - one window of load
 * @default run runLoad
 * @example runLoadRunner(processChannel(process))
 */
export function runLoadRunner(
  channel: IpcChannel,
  run: (order: LoadOrder) => Promise<LoadResult> = runLoad
): void {
  channel.onMessage((message: IpcMessage) => {
    if (message.type !== 'run') return
    run(message as IpcMessage & LoadOrder).then(
      (result) => {
        channel.send({ type: 'result', id: message.id, result })
      },
      (error: unknown) => {
        channel.send({ type: 'result', id: message.id, error: firstLine(error) })
      }
    )
  })
  channel.send({ type: 'ready' })
}
