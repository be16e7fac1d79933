/** The check over started processes: a RequestFailure becomes the command's AppFailure; anything else passes. */
import { describe, expect, it } from 'vitest'
import { AppFailure } from '../../../src/cli/app-failure.js'
import { parseArgs } from '../../../src/cli/args.js'
import { checkApps } from '../../../src/cli/commands/check-apps.js'
import type { AppProcess } from '../../../src/cli/child-processes.js'
import { target } from '../../helpers/cli-target.js'
import { fakeApp } from '../_servers.js'

describe('checkApps', () => {
  it('a process that fails a request: the results before it and the failure', async () => {
    const ok = await fakeApp((_req, res) => res.end('ok'), [])
    const gone = await fakeApp((req) => req.socket.destroy(), [], {
      label: 'the pulya app process',
      ended: () => 'exited with code 1'
    })
    const { results, failure } = await checkApps(
      { vanilla: ok, vanillaAgain: ok, pulya: gone },
      [target('/a', '/a')],
      parseArgs(['check', 'app.js']),
      () => undefined
    )
    expect(results).toEqual([])
    expect(failure).toBeInstanceOf(AppFailure)
    expect(failure?.message).toMatch(
      /^pulya: GET \/a crashed the pulya app process \(it exited with code 1\) where vanilla answered 200/
    )
    ok.stop()
    gone.stop()
  })

  it('any other error is passed on as it is', async () => {
    const broken = {
      port: -1,
      label: 'x',
      ended: () => Promise.reject(new Error('no IPC'))
    } as unknown as AppProcess
    await expect(
      checkApps(
        { vanilla: broken, vanillaAgain: broken, pulya: broken },
        [target('/a', '/a')],
        parseArgs(['check', 'app.js']),
        () => undefined
      )
    ).rejects.toThrow('no IPC')
  })
})
