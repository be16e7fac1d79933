/** Request/answer over a child's IPC channel, and a child's own end of it. */
import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { IpcPeer, processChannel, type IpcMessage } from '../../src/cli/ipc-peer.js'
import { spawnPinned } from '../../src/cli/pinning.js'

const CHILD = `
  process.on('message', (m) => {
    if (m.type === 'echo') process.send({ type: 'echo', id: m.id, value: m.value })
    if (m.type === 'fatal') process.send({ type: 'fatal', message: 'boom' })
    if (m.type === 'exit') process.exit(3)
  })
  process.on('disconnect', () => process.exit(0))
  process.send({ type: 'stray' }); process.send({ id: 999 }); process.send({ type: 'ready' })`

const child = (): IpcPeer =>
  new IpcPeer(spawnPinned({ available: false, reason: 'test' }, 0, process.execPath, ['-e', CHILD]), 'child')

describe('IpcPeer', () => {
  it('waits for a message, answers by id, times out, and then fails every call', async () => {
    const peer = child()
    await peer.waitFor('ready', 10_000)
    expect((await peer.request({ type: 'echo', value: 42 }, 10_000))['value']).toBe(42)
    await expect(peer.request({ type: 'silent' }, 30)).rejects.toThrow(
      'child: no answer to "silent" within 30 ms'
    )
    await expect(peer.request({ type: 'echo' }, 1000)).rejects.toThrow('no answer to "silent"')
    await expect(peer.waitFor('ready', 1000)).rejects.toThrow('no answer to "silent"')
    peer.stop()
    peer.stop()
  })

  it('a child that crashes rejects what is pending', async () => {
    const crashing = child()
    await crashing.waitFor('ready', 10_000)
    await expect(crashing.request({ type: 'fatal' }, 10_000)).rejects.toThrow('child crashed: boom')
    crashing.stop()
  })

  it('a child that exits rejects what is pending', async () => {
    const exiting = child()
    await exiting.waitFor('ready', 10_000)
    await expect(exiting.request({ type: 'exit' }, 10_000)).rejects.toThrow(
      'child exited (code 3, signal null)'
    )
    exiting.stop()
  })

  it('a child that errors rejects what is pending', async () => {
    const failing = child()
    const pending = failing.waitFor('never', 10_000)
    failing.child.emit('error', new Error('spawn failed'))
    await expect(pending).rejects.toThrow('spawn failed')
    failing.stop()
  })

  it('stop() rejects what is pending', async () => {
    const stopped = child()
    const waiting = stopped.waitFor('never', 60_000)
    stopped.stop()
    await expect(waiting).rejects.toThrow('child stopped')
  })
})

describe('processChannel', () => {
  it("sends with the process's send and hears its messages", () => {
    const sent: IpcMessage[] = []
    const proc = Object.assign(new EventEmitter(), { send: (message: IpcMessage) => sent.push(message) })
    const heard: IpcMessage[] = []
    const channel = processChannel(proc)
    channel.onMessage((message) => heard.push(message))
    channel.send({ type: 'ready' })
    proc.emit('message', { type: 'run' })
    expect([sent, heard]).toEqual([[{ type: 'ready' }], [{ type: 'run' }]])
  })

  it('drops what a process without an IPC channel would send', () => {
    expect(() => {
      processChannel(new EventEmitter()).send({ type: 'ready' })
    }).not.toThrow()
  })
})
