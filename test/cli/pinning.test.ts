/** Pinning with taskset: detected once, used when there, and a clean fallback when not. */
import { describe, expect, it } from 'vitest'
import { detectPinning, pinnedCommand, spawnPinned } from '../../src/cli/pinning.js'
import { IpcPeer } from '../../src/cli/ipc-peer.js'

describe('detectPinning', () => {
  it.each([
    ['true', 2, { available: true, reason: null }],
    ['pulya-no-such-taskset', 2, { available: false, reason: 'pulya-no-such-taskset is missing or refused' }],
    ['true', 1, { available: false, reason: 'fewer than 2 CPUs' }]
  ])('%s on %i CPUs', (command, cpus, pinning) => {
    expect(detectPinning(command, cpus)).toEqual(pinning)
  })

  it("answers for this machine's taskset and CPUs", () => {
    expect(typeof detectPinning().available).toBe('boolean')
  })
})

describe('pinnedCommand', () => {
  it.each([
    [true, ['taskset', ['-c', '1', 'node', 'a.js']]],
    [false, ['node', ['a.js']]]
  ])('pinning available: %s', (available, command) => {
    expect(pinnedCommand({ available, reason: null }, 1, 'node', ['a.js'])).toEqual(command)
  })
})

describe('spawnPinned', () => {
  it('starts the command with an IPC channel and the environment given', async () => {
    const child = spawnPinned(
      { available: false, reason: 'test' },
      0,
      process.execPath,
      [
        '-e',
        "process.send({ type: 'env', value: process.env.PULYA_TEST }); process.on('disconnect', () => process.exit(0))"
      ],
      { env: { PULYA_TEST: 'yes' } }
    )
    const peer = new IpcPeer(child, 'child')
    expect((await peer.waitFor('env', 10_000))['value']).toBe('yes')
    peer.stop()
  })
})
