/** `pulya routes <app>`: every route of the app, read in an app process, as a table or JSON. */
import type { CliArgs } from '../args.js'
import { pageHtml, pageMarkdown, type Page } from '../report-page.js'
import { formatRoutes, type RouteInfo } from '../routes.js'
import type { CommandContext } from './context.js'
import { emitReport, type CommandReport } from './output.js'

/** The routes in every form: the table, JSON (the list), Markdown and HTML. */
export function routesReport(app: string, routes: RouteInfo[]): CommandReport {
  const page: Page = {
    title: `pulya routes: ${app}`,
    blocks: [
      {
        table: {
          header: ['methods', 'path', 'requested by check and bench'],
          rows: routes.map((r) => [r.methods.join(', '), r.path, r.exact ? 'yes' : 'no: not readable'])
        }
      }
    ]
  }
  return { text: formatRoutes(routes), json: routes, markdown: pageMarkdown(page), html: pageHtml(page) }
}

/**
 * Prints the app's routes; exit code 0. @throws LoadError when the app cannot be loaded or has nothing registered
 * @example await routesCommand(parseArgs(['routes', './app.js', '--json']), context) // 0
 */
export async function routesCommand(args: CliArgs, context: CommandContext): Promise<number> {
  const { routes } = await context.launcher.startApp('routes', args)
  emitReport(routesReport(args.app, routes), args, context)
  return 0
}
