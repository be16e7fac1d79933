/**
 * The `pulya` command's arguments: a command, an app module and options. Pure, so it is
 * tested in-process; main.ts only runs it.
 */

/** What the command line asked for. */
export interface CliArgs {
  command: 'routes' | 'check' | 'help'
  app: string
  exportName: string | undefined
  json: boolean
  ignoreHeaders: string[]
  /** check: a JSON file of per-template params, query and headers. */
  samples: string | undefined
  /** Hidden: a module whose default export applies pulya to an app (tests use a broken one). */
  pulyaModule: string | undefined
}

/** A usage error: exit code 2 and this one line. */
export class UsageError extends Error {}

export const HELP = `Usage: pulya <command> <app module> [options]

Commands:
  routes <app>   print every route of the app: methods and full template
  check <app>    start the app twice (vanilla, with pulya) on 127.0.0.1 and compare
                 every GET route's response (status, headers but Date, body)

The app module (.js, .mjs, .cjs) exports an Express or Koa app, or a (sync or async)
factory returning one: the default export, or the one --export names.

Options:
  --export <name>          the named export to use
  --json                   print JSON instead of a table
  --ignore-header <name>   check: a header not to compare (repeatable)
  --samples <file.json>    check: per route template, the requests to send, e.g.
                           {"/users/:id": [{"params": {"id": "42"}, "query": {"full": "1"},
                            "headers": {"accept": "text/html"}}]}
  -h, --help               this help

Exit codes: 0 ok, 1 check found a difference, 2 usage or app-load error.
`

/** Parses `argv` (without node and the script). @throws UsageError */
export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { command: 'help', app: '', exportName: undefined, json: false, ignoreHeaders: [], samples: undefined, pulyaModule: undefined }
  const positional: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    const value = (): string => {
      const next = argv[++i]
      if (next === undefined) throw new UsageError(`pulya: ${arg} needs a value`)
      return next
    }
    if (arg === '-h' || arg === '--help') return { ...args, command: 'help' }
    else if (arg === '--json') args.json = true
    else if (arg === '--export') args.exportName = value()
    else if (arg === '--ignore-header') args.ignoreHeaders.push(value().toLowerCase())
    else if (arg === '--samples') args.samples = value()
    else if (arg === '--pulya-module') args.pulyaModule = value()
    else if (arg.startsWith('-')) throw new UsageError(`pulya: unknown option ${arg} (see pulya --help)`)
    else positional.push(arg)
  }
  if (positional.length === 0) return args
  const [command, app, ...rest] = positional as [string, ...string[]]
  if (command !== 'routes' && command !== 'check') throw new UsageError(`pulya: unknown command ${command} (see pulya --help)`)
  if (app === undefined) throw new UsageError(`pulya: ${command} needs the app module, e.g. pulya ${command} ./app.js`)
  if (rest.length > 0) throw new UsageError(`pulya: unexpected argument ${rest[0] as string}`)
  return { ...args, command, app }
}
