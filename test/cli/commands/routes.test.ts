/** `pulya routes`: the routes an app process reads, as a table, JSON, or --out's files. */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseArgs } from '../../../src/cli/args.js'
import { routesCommand } from '../../../src/cli/commands/routes.js'
import type { RouteInfo } from '../../../src/cli/routes.js'
import { fakeLauncher, stopAll, testContext } from '../_context.js'

const routes: RouteInfo[] = [
  { methods: ['GET', 'POST'], path: '/items', exact: true },
  { methods: ['GET'], path: '<regexp>', exact: false }
]

describe('routesCommand', () => {
  it('starts one app process in routes mode and prints the table', async () => {
    const launcher = fakeLauncher(routes)
    const context = testContext(launcher)
    expect(await routesCommand(parseArgs(['routes', 'app.js']), context)).toBe(0)
    expect(launcher.log.apps.map((a) => a.mode)).toEqual(['routes'])
    expect(context.out()).toBe(
      'METHOD    PATH\nGET,POST  /items\nGET       <regexp>  (not readable: never requested)\n'
    )
    stopAll(launcher)
  })

  it('--json: the routes as JSON; --out: the same list in results.json, and a table in report.md and report.html', async () => {
    const launcher = fakeLauncher(routes)
    const context = testContext(launcher)
    const out = join(mkdtempSync(join(tmpdir(), 'pulya-routes-')), 'report')
    await routesCommand(parseArgs(['routes', 'app.js', '--json', '--out', out]), context)
    expect(JSON.parse(context.out())).toEqual(routes)
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))).toEqual(routes)
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toBe(
      [
        '# pulya routes: app.js',
        '',
        '| methods | path | requested by check and bench |',
        '| --- | --- | --- |',
        '| GET, POST | /items | yes |',
        '| GET | <regexp> | no: not readable |',
        ''
      ].join('\n')
    )
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<td>&lt;regexp&gt;</td>')
    stopAll(launcher)
  })
})
