/** `pulya routes <app>`: every route of the app, read in an app process, as a table or JSON. */
import type { CliArgs } from '../args.js'
import { formatRoutes } from '../routes.js'
import type { CommandContext } from './context.js'

/**
 * Prints the app's routes; exit code 0. @throws LoadError when the app cannot be loaded
 * @example await routesCommand(parseArgs(['routes', './app.js', '--json']), context) // 0
 */
export async function routesCommand(args: CliArgs, context: CommandContext): Promise<number> {
  const { routes } = await context.launcher.startApp('routes', args)
  context.stdout.write(args.json ? JSON.stringify(routes, null, 2) + '\n' : formatRoutes(routes))
  return 0
}
