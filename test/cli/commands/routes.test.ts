/** `pulya routes`: the routes an app process reads, as a table or JSON. */
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

  it('--json: the routes as JSON', async () => {
    const launcher = fakeLauncher(routes)
    const context = testContext(launcher)
    await routesCommand(parseArgs(['routes', 'app.js', '--json']), context)
    expect(JSON.parse(context.out())).toEqual(routes)
    stopAll(launcher)
  })
})
