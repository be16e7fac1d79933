/**
 * The `pulya` command's arguments: a command, an app module and options. Pure, so it is
 * tested in-process; main.ts only runs it.
 */
import { parseMethods } from './targets.js'

/** `pulya bench`'s own options. */
export interface BenchArgs {
  /** Measured seconds per window (one route, one server, one round). */
  durationS: number
  rounds: number
  connections: number
  /** Seconds of load each server gets once before the first window. */
  warmupS: number
  /** Route templates to bench (globs, `*` matches anything); empty: every route. */
  routes: string[]
  /** How many routes are benched one by one; every selected route is in the mix. */
  top: number
  /** Directory for report.md and report.html. */
  out: string | undefined
  /** File for the JSON results (the input of a later --baseline). */
  jsonFile: string | undefined
  /** Run `check` first (off with --no-check). */
  check: boolean
  baseline: string | undefined
  /** Fail (exit 1) on a regression against the baseline. */
  gate: boolean
  /** The tolerance of the gate, a share (0.1 = 10%). */
  maxRegression: number
}

/** What the command line asked for. */
export interface CliArgs {
  command: 'routes' | 'check' | 'bench' | 'help'
  app: string
  exportName: string | undefined
  json: boolean
  ignoreHeaders: string[]
  /** check, bench: a JSON file of per-template requests (method, params, query, headers, body). */
  samples: string | undefined
  /** check, bench: an OpenAPI 3.x / Swagger 2 document (JSON; YAML with the yaml package). */
  openapi: string | undefined
  /** check, bench: a HAR file of real traffic. */
  har: string | undefined
  /** `--har-host`: the HAR's hosts that are the app (default: those whose requests match routes). */
  harHosts: string[]
  /** `--methods`: methods besides GET/HEAD sent to every route that has them. */
  methods: string[]
  /** Send OpenAPI requests no route answers instead of refusing the document. */
  allowUnmatched: boolean
  /** Hidden: a module whose default export applies pulya to an app (tests use a broken one). */
  pulyaModule: string | undefined
  /** `--pulya '<json>'`: the options the pulya child passes to pulya. */
  pulyaOptions: Record<string, unknown> | undefined
  bench: BenchArgs
}

/** A usage error: exit code 2 and this one line. */
export class UsageError extends Error {}

/** The defaults of `pulya bench`: about 90 s for a 100-route app (docs/cli.md). */
export const BENCH_DEFAULTS: Readonly<BenchArgs> = Object.freeze({
  durationS: 1,
  rounds: 3,
  connections: 50,
  warmupS: 1,
  routes: [],
  top: 8,
  out: undefined,
  jsonFile: undefined,
  check: true,
  baseline: undefined,
  gate: false,
  maxRegression: 0.1
})

export const HELP = `Usage: pulya <command> <app module> [options]

Commands:
  routes <app>   print every route of the app: methods and full template
  check <app>    start the app three times (twice vanilla, once with pulya) on 127.0.0.1,
                 send each the same requests (every GET route, its HEAD, more with the
                 options below) and compare the answers (status, headers but Date, body)
  bench <app>    check, then measure both servers route by route: req/s, p50/p99
                 latency, server CPU per request, speed-up (needs autocannon installed)

The app module (.js, .mjs, .cjs; .ts, .mts, .cts with tsx installed) exports an Express
or Koa app, or a (sync or async) factory returning one: the default export, or the one
--export names.

Options:
  --export <name>          the named export to use
  --json                   routes, check: print JSON instead of a table
  --ignore-header <name>   check: a header not to compare (repeatable)
  --samples <file.json>    check, bench: per route template, the requests to send, e.g.
                           {"/users/:id": [{"params": {"id": "42"}, "query": {"full": "1"},
                            "headers": {"accept": "text/html"}}], "/items": [{"method":
                            "POST", "body": {"name": "a"}}]}
  --openapi <spec>         check, bench: requests from an OpenAPI 3.x / Swagger 2 document's
                           examples (.json; .yaml/.yml with the yaml package installed)
  --allow-unmatched        with --openapi: send operations no route answers instead of exit 2
  --har <file.har>         check, bench: replay recorded traffic (bench weighs its mix like it)
  --har-host <host>        the HAR's host(s) that are the app (repeatable; needed when the
                           HAR holds requests to other hosts)
  --methods <list>         check, bench: also send these methods (e.g. POST,PUT,DELETE) to
                           every route that has them, placeholder bodies ({} as JSON)
  --pulya <json>           check, bench: pulya's options, e.g. '{"cache":{"max":5000}}'

bench options:
  --duration <s>           measured seconds per route, server and round (default ${BENCH_DEFAULTS.durationS})
  --rounds <n>             interleaved rounds (default ${BENCH_DEFAULTS.rounds})
  --connections <n>        concurrent connections (default ${BENCH_DEFAULTS.connections})
  --warmup <s>             warm-up seconds per server, once (default ${BENCH_DEFAULTS.warmupS})
  --routes <glob>          bench only templates matching the glob, * matches anything
                           (repeatable), e.g. --routes '/api/*'
  --top <n>                routes benched one by one, spread over the route table
                           (default ${BENCH_DEFAULTS.top}); every route is in the mixed workload
  --no-check               skip the check before benching
  --out <dir>              write report.md and report.html (SVG charts) there
  --json <file>            write the results as JSON (a later run's --baseline)
  --baseline <file>        compare with an earlier --json file
  --check                  with --baseline: exit 1 when a route regressed (speed-up or
                           pulya CPU per request) by more than --max-regression
  --max-regression <pct>   the tolerance, e.g. 10% (default ${BENCH_DEFAULTS.maxRegression * 100}%; implies --check)
  -h, --help               this help

Exit codes: 0 ok, 1 check found a difference or bench a regression, 2 usage or
app-load error (one line on stderr).
`

function numberArg(name: string, text: string, { min, integer }: { min: number; integer: boolean }): number {
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new UsageError(
      `pulya: ${name} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}, got "${text}"`
    )
  }
  return value
}

/** `10%`, `10` → 0.1. @throws UsageError */
export function parsePercent(text: string): number {
  const value = Number(text.endsWith('%') ? text.slice(0, -1) : text)
  if (!Number.isFinite(value) || value <= 0 || value >= 1000)
    throw new UsageError(`pulya: --max-regression must be a percentage above 0, e.g. 10%, got "${text}"`)
  return value / 100
}

/** `--pulya '<json>'`: a JSON object. @throws UsageError */
export function parsePulyaOptions(text: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new UsageError(
      `pulya: --pulya is not valid JSON (${(error as Error).message.split('\n')[0] as string}); e.g. --pulya '{"cache":{"max":5000}}'`
    )
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UsageError(
      `pulya: --pulya must be a JSON object of pulya options, e.g. '{"cache":{"max":5000}}', got ${text}`
    )
  return value as Record<string, unknown>
}

function methodsArg(text: string): string[] {
  try {
    return parseMethods(text)
  } catch (error) {
    throw new UsageError(`pulya: ${(error as Error).message}`)
  }
}

/** Parses `argv` (without node and the script). @throws UsageError */
export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = {
    command: 'help',
    app: '',
    exportName: undefined,
    json: false,
    ignoreHeaders: [],
    samples: undefined,
    openapi: undefined,
    har: undefined,
    harHosts: [],
    methods: [],
    allowUnmatched: false,
    pulyaModule: undefined,
    pulyaOptions: undefined,
    bench: { ...BENCH_DEFAULTS, routes: [] }
  }
  const bench = args.bench
  const positional: string[] = []
  let gateAsked = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    const value = (): string => {
      const next = argv[++i]
      if (next === undefined) throw new UsageError(`pulya: ${arg} needs a value`)
      return next
    }
    if (arg === '-h' || arg === '--help') return { ...args, command: 'help' }
    // bench writes JSON to a file (stdout keeps the table); routes and check print it.
    else if (arg === '--json' && positional[0] === 'bench') bench.jsonFile = value()
    else if (arg === '--json') args.json = true
    else if (arg === '--export') args.exportName = value()
    else if (arg === '--ignore-header') args.ignoreHeaders.push(value().toLowerCase())
    else if (arg === '--samples') args.samples = value()
    else if (arg === '--openapi') args.openapi = value()
    else if (arg === '--har') args.har = value()
    else if (arg === '--har-host') args.harHosts.push(value())
    else if (arg === '--allow-unmatched') args.allowUnmatched = true
    else if (arg === '--methods') args.methods = methodsArg(value())
    else if (arg === '--pulya-module') args.pulyaModule = value()
    else if (arg === '--pulya') args.pulyaOptions = parsePulyaOptions(value())
    else if (arg === '--duration') bench.durationS = numberArg(arg, value(), { min: 0.05, integer: false })
    else if (arg === '--rounds') bench.rounds = numberArg(arg, value(), { min: 1, integer: true })
    else if (arg === '--connections') bench.connections = numberArg(arg, value(), { min: 1, integer: true })
    else if (arg === '--warmup') bench.warmupS = numberArg(arg, value(), { min: 0, integer: false })
    else if (arg === '--top') bench.top = numberArg(arg, value(), { min: 0, integer: true })
    else if (arg === '--routes') bench.routes.push(value())
    else if (arg === '--out') bench.out = value()
    else if (arg === '--baseline') bench.baseline = value()
    else if (arg === '--no-check') bench.check = false
    else if (arg === '--check') gateAsked = true
    else if (arg === '--max-regression') {
      bench.maxRegression = parsePercent(value())
      gateAsked = true
    } else if (arg.startsWith('-')) throw new UsageError(`pulya: unknown option ${arg} (see pulya --help)`)
    else positional.push(arg)
  }
  if (positional.length === 0) return args
  const [command, app, ...rest] = positional as [string, ...string[]]
  if (command !== 'routes' && command !== 'check' && command !== 'bench')
    throw new UsageError(`pulya: unknown command ${command} (see pulya --help)`)
  if (app === undefined)
    throw new UsageError(`pulya: ${command} needs the app module, e.g. pulya ${command} ./app.js`)
  if (rest.length > 0) throw new UsageError(`pulya: unexpected argument ${rest[0] as string}`)
  if (gateAsked && (command !== 'bench' || bench.baseline === undefined))
    throw new UsageError('pulya: --check and --max-regression need pulya bench --baseline <file.json>')
  if (args.harHosts.length > 0 && args.har === undefined)
    throw new UsageError('pulya: --har-host needs --har <file.har>')
  if (args.allowUnmatched && args.openapi === undefined)
    throw new UsageError('pulya: --allow-unmatched needs --openapi <spec>')
  bench.gate = gateAsked
  return { ...args, command, app }
}
