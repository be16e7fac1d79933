/**
 * The `pulya` command's arguments: a command, an app module and options, one flag language for
 * every command (`--json` prints JSON, `--out <dir>` writes the files). Pure, so it is tested
 * in-process; main.ts only runs it.
 */
import { parseHeader } from './request-defaults.js'
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
  /** The deprecated `bench --json <file>`: the results written there too. */
  jsonFile: string | undefined
  /** Run `check` first (off with --skip-check). */
  check: boolean
  baseline: string | undefined
  /** Fail (exit 1) on a regression against the baseline (`--fail-on-regression`). */
  gate: boolean
  /** The tolerance of the gate, a share (0.1 = 10%). */
  maxRegression: number
}

/** The commands; `help` and `version` take no app. */
export type Command = 'routes' | 'check' | 'bench' | 'explain' | 'help' | 'version'

/**
 * How the app processes serve the app: `listen` is `app.listen()`, `handler` the app under
 * the user's own `http.createServer(app)`; `auto` finds out from the module (serving.ts).
 */
export type ServeOption = 'auto' | 'listen' | 'handler'

/** What the command line asked for. */
export interface CliArgs {
  command: Command
  app: string
  exportName: string | undefined
  /** Print JSON on stdout instead of text (every command). */
  json: boolean
  /** Directory for report.md, report.html and results.json (every command). */
  out: string | undefined
  ignoreHeaders: string[]
  /** `--header`: sent with every request, lower-case name → value. */
  headers: Record<string, string>
  serve: ServeOption
  /** Seconds an answer may take before the app process counts as hung. */
  timeoutS: number
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
  /** One line per old spelling used: main prints them on stderr. */
  deprecations: string[]
}

/** A usage error: exit code 2 and this one line. */
export class UsageError extends Error {}

/** The defaults of `pulya bench`: about 2 minutes for a 100-route app (docs/cli.md). */
export const BENCH_DEFAULTS: Readonly<BenchArgs> = Object.freeze({
  durationS: 1,
  rounds: 3,
  connections: 50,
  warmupS: 1,
  routes: [],
  top: 8,
  jsonFile: undefined,
  check: true,
  baseline: undefined,
  gate: false,
  maxRegression: 0.1
})

/** Seconds an app process may take to answer one request before it counts as hung. */
export const DEFAULT_TIMEOUT_S = 30

/** The old spellings, still accepted for one minor version, each with the line it prints. */
export const DEPRECATED = {
  jsonFile:
    'pulya: bench --json <file> is deprecated (removed in 0.3): --json prints the results on stdout, --out <dir> writes results.json',
  check: 'pulya: --check is deprecated (removed in 0.3): use --fail-on-regression',
  noCheck: 'pulya: --no-check is deprecated (removed in 0.3): use --skip-check'
} as const

const COMMANDS = new Set(['routes', 'check', 'bench', 'explain'])

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

/** A parser's error (parseMethods, parseHeader) as a usage error. */
function usage<T>(parse: () => T): T {
  try {
    return parse()
  } catch (error) {
    throw new UsageError(`pulya: ${(error as Error).message}`)
  }
}

function serveArg(text: string): ServeOption {
  if (text === 'listen' || text === 'handler') return text
  throw new UsageError(`pulya: --serve takes listen or handler, got "${text}"`)
}

/** An option taking a value: `value()` reads it (a usage error when missing). */
type ValueOption = (args: CliArgs, value: () => string) => void

const VALUE_OPTIONS: Readonly<Record<string, ValueOption>> = {
  '--export': (a, v) => (a.exportName = v()),
  '--out': (a, v) => (a.out = v()),
  '--ignore-header': (a, v) => a.ignoreHeaders.push(v().toLowerCase()),
  '--header': (a, v) => {
    const [name, value] = usage(() => parseHeader(v()))
    a.headers[name] = value
  },
  '--serve': (a, v) => (a.serve = serveArg(v())),
  '--timeout': (a, v) => (a.timeoutS = numberArg('--timeout', v(), { min: 0.1, integer: false })),
  '--samples': (a, v) => (a.samples = v()),
  '--openapi': (a, v) => (a.openapi = v()),
  '--har': (a, v) => (a.har = v()),
  '--har-host': (a, v) => a.harHosts.push(v()),
  '--methods': (a, v) => (a.methods = usage(() => parseMethods(v()))),
  '--pulya-module': (a, v) => (a.pulyaModule = v()),
  '--pulya': (a, v) => (a.pulyaOptions = parsePulyaOptions(v())),
  '--duration': (a, v) => (a.bench.durationS = numberArg('--duration', v(), { min: 0.05, integer: false })),
  '--rounds': (a, v) => (a.bench.rounds = numberArg('--rounds', v(), { min: 1, integer: true })),
  '--connections': (a, v) =>
    (a.bench.connections = numberArg('--connections', v(), { min: 1, integer: true })),
  '--warmup': (a, v) => (a.bench.warmupS = numberArg('--warmup', v(), { min: 0, integer: false })),
  '--top': (a, v) => (a.bench.top = numberArg('--top', v(), { min: 0, integer: true })),
  '--routes': (a, v) => a.bench.routes.push(v()),
  '--baseline': (a, v) => (a.bench.baseline = v()),
  '--max-regression': (a, v) => {
    a.bench.maxRegression = parsePercent(v())
    a.bench.gate = true
  }
}

/** Flags: no value. */
const FLAGS: Readonly<Record<string, (args: CliArgs) => void>> = {
  '--json': (a) => (a.json = true),
  '--allow-unmatched': (a) => (a.allowUnmatched = true),
  '--skip-check': (a) => (a.bench.check = false),
  '--fail-on-regression': (a) => (a.bench.gate = true),
  '--no-check': (a) => {
    a.bench.check = false
    a.deprecations.push(DEPRECATED.noCheck)
  },
  '--check': (a) => {
    a.bench.gate = true
    a.deprecations.push(DEPRECATED.check)
  }
}

/** Every option the command line takes (--help, --version, -h aside). */
export const OPTION_NAMES: readonly string[] = [...Object.keys(VALUE_OPTIONS), ...Object.keys(FLAGS)]

function emptyArgs(): CliArgs {
  return {
    command: 'help',
    app: '',
    exportName: undefined,
    json: false,
    out: undefined,
    ignoreHeaders: [],
    headers: {},
    serve: 'auto',
    timeoutS: DEFAULT_TIMEOUT_S,
    samples: undefined,
    openapi: undefined,
    har: undefined,
    harHosts: [],
    methods: [],
    allowUnmatched: false,
    pulyaModule: undefined,
    pulyaOptions: undefined,
    bench: { ...BENCH_DEFAULTS, routes: [] },
    deprecations: []
  }
}

/** Parses `argv` (without node and the script). @throws UsageError */
export function parseArgs(argv: readonly string[]): CliArgs {
  const args = emptyArgs()
  const positional: string[] = []
  // Where in `positional` the argument right after a --json went: see oldJsonFile.
  let afterJson: number | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '-h' || arg === '--help') return { ...args, command: 'help' }
    if (arg === '--version') return { ...args, command: 'version' }
    const flag = FLAGS[arg]
    const option = VALUE_OPTIONS[arg]
    if (flag !== undefined) flag(args)
    else if (option !== undefined)
      option(args, () => {
        const next = argv[++i]
        if (next === undefined) throw new UsageError(`pulya: ${arg} needs a value`)
        return next
      })
    else if (arg.startsWith('-')) throw new UsageError(`pulya: unknown option ${arg} (see pulya --help)`)
    else {
      if (argv[i - 1] === '--json') afterJson = positional.length
      positional.push(arg)
    }
  }
  if (positional.length === 0) return args
  return withCommand(oldJsonFile(args, positional, afterJson), positional)
}

/**
 * Before 0.2 `bench --json <file>` wrote the results to a file. A bench command with one
 * argument too many, that argument right after --json, is that spelling: the file is taken
 * out of `positional` (in place) and written as before, with a deprecation note.
 */
function oldJsonFile(args: CliArgs, positional: string[], afterJson: number | undefined): CliArgs {
  if (positional[0] !== 'bench' || positional.length !== 3 || afterJson === undefined || afterJson === 0)
    return args
  const [file] = positional.splice(afterJson, 1)
  args.bench.jsonFile = file
  args.json = false
  args.deprecations.push(DEPRECATED.jsonFile)
  return args
}

/** The command and its app, and the checks that need both. @throws UsageError */
function withCommand(args: CliArgs, positional: readonly string[]): CliArgs {
  const [command, app, ...rest] = positional as [string, ...string[]]
  if (!COMMANDS.has(command)) throw new UsageError(`pulya: unknown command ${command} (see pulya --help)`)
  if (app === undefined)
    throw new UsageError(`pulya: ${command} needs the app module, e.g. pulya ${command} ./app.js`)
  if (rest.length > 0) throw new UsageError(`pulya: unexpected argument ${rest[0] as string}`)
  if (args.bench.gate && (command !== 'bench' || args.bench.baseline === undefined))
    throw new UsageError(
      'pulya: --fail-on-regression and --max-regression need pulya bench --baseline <results.json>'
    )
  if (args.harHosts.length > 0 && args.har === undefined)
    throw new UsageError('pulya: --har-host needs --har <file.har>')
  if (args.allowUnmatched && args.openapi === undefined)
    throw new UsageError('pulya: --allow-unmatched needs --openapi <spec>')
  return { ...args, command: command as Command, app }
}
