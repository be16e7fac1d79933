/** `pulya check` over stand-in app processes: three started, the requests compared, exit 0 or 1. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { UsageError, parseArgs } from '../../../src/cli/args.js'
import { checkCommand } from '../../../src/cli/commands/check.js'
import type { RouteInfo } from '../../../src/cli/routes.js'
import { fakeLauncher, stopAll, testContext } from '../_context.js'
import { echo } from '../_servers.js'

const routes: RouteInfo[] = [{ methods: ['GET'], path: '/a/:id', exact: true }]

describe('checkCommand', () => {
  it('twice vanilla and once pulya; every answer the same: exit 0, a line per request', async () => {
    const launcher = fakeLauncher(routes)
    const context = testContext(launcher)
    expect(await checkCommand(parseArgs(['check', 'app.js']), context)).toBe(0)
    expect(launcher.log.apps.map((a) => a.mode)).toEqual(['vanilla', 'vanilla', 'pulya'])
    expect(context.out()).toContain('same             GET /a/1  (/a/:id)')
    expect(context.out()).toContain('4 requests: 4 same, 0 differ, 0 nondeterministic')
    expect(context.err()).toBe('')
    stopAll(launcher)
  })

  it("pulya's answer differs: exit 1 and the difference; --json gives the results as JSON", async () => {
    const launcher = fakeLauncher(routes, {
      pulya: (req, res) => {
        res.setHeader('x-pulya', '1')
        echo(req, res)
      }
    })
    const context = testContext(launcher)
    expect(await checkCommand(parseArgs(['check', 'app.js', '--json']), context)).toBe(1)
    const { results } = JSON.parse(context.out()) as { results: Array<{ verdict: string; diff: string[] }> }
    expect(results[0]).toMatchObject({ verdict: 'differs', diff: ['header x-pulya: (none) → "1"'] })
    stopAll(launcher)
  })

  it('--samples are sent; --ignore-header excuses a header', async () => {
    const samples = join(mkdtempSync(join(tmpdir(), 'pulya-check-')), 'samples.json')
    writeFileSync(samples, '{"/a/:id": {"params": {"id": "42"}}}')
    const launcher = fakeLauncher(routes, {
      pulya: (req, res) => {
        res.setHeader('x-pulya', '1')
        echo(req, res)
      }
    })
    const context = testContext(launcher)
    const args = parseArgs(['check', 'app.js', '--samples', samples, '--ignore-header', 'X-Pulya'])
    expect(await checkCommand(args, context)).toBe(0)
    expect(context.out()).toContain('same             GET /a/42  (/a/:id)')
    stopAll(launcher)
  })

  it('a progress bar on a terminal', async () => {
    const launcher = fakeLauncher(routes)
    const context = testContext(launcher, { tty: true })
    await checkCommand(parseArgs(['check', 'app.js']), context)
    expect(context.err()).toContain('4/4 check done\n')
    stopAll(launcher)
  })

  it('a file that cannot be read stops the command before any app process starts', async () => {
    const launcher = fakeLauncher(routes)
    await expect(
      checkCommand(parseArgs(['check', 'app.js', '--har', 'nope.har']), testContext(launcher))
    ).rejects.toThrow(UsageError)
    expect(launcher.log.apps).toEqual([])
  })
})
