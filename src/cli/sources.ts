/**
 * The requests of a run, from the files the user gives: `--samples`, `--openapi`, `--har` read
 * (before any app process starts: a bad file is exit 2 at once), then matched to the app's
 * routes by the vanilla app process and turned into the requests check sends and bench replays.
 */
import { readFileSync } from 'fs'
import { firstLine } from './app-loader.js'
import { UsageError, type CliArgs } from './args.js'
import { harRequests, type HarRequest } from './har.js'
import { parseSpecText, specRequests, type SpecRequests } from './openapi.js'
import type { RouteInfo } from './routes.js'
import { matchHar, matchSpec, type Matcher } from './spec-match.js'
import { checkTargets, parseSamples, type CheckTarget, type Samples } from './targets.js'

/** What --samples, --openapi and --har give, read before any app process starts. */
export interface Sources {
  samples: Samples
  spec: SpecRequests | undefined
  har: HarRequest[] | undefined
}

/**
 * yaml's parse when the package is installed (an optional peer dependency: JSON documents need
 * nothing), else undefined.
 * @param name - the module to import
 * @default name 'yaml'
 */
export async function yamlParser(name = 'yaml'): Promise<((text: string) => unknown) | undefined> {
  try {
    const yaml = (await import(name)) as { parse(text: string): unknown }
    return (text) => yaml.parse(text)
  } catch {
    return undefined
  }
}

/** `file` read and parsed, undefined when the option is not given. @throws UsageError naming the option and file */
function readSource<T>(
  option: string,
  file: string | undefined,
  parse: (text: string, file: string) => T
): T | undefined {
  if (file === undefined) return undefined
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new UsageError(
      `pulya: cannot read ${option} ${file}: ${(error as { code?: string }).code === 'ENOENT' ? 'no such file' : firstLine(error)}`
    )
  }
  try {
    return parse(text, file)
  } catch (error) {
    throw new UsageError(`pulya: ${option} ${file}: ${firstLine(error)}`)
  }
}

/**
 * Reads the files `args` names. @throws UsageError with one line
 * @example await readSources(parseArgs(['check', 'app.js', '--har', 'traffic.har']))
 */
export async function readSources(args: CliArgs): Promise<Sources> {
  const parseYaml =
    args.openapi !== undefined && /\.ya?ml$/i.test(args.openapi) ? await yamlParser() : undefined
  return {
    samples: readSource('--samples', args.samples, parseSamples) ?? {},
    spec: readSource('--openapi', args.openapi, (text, file) =>
      specRequests(parseSpecText(text, file, parseYaml))
    ),
    har: readSource('--har', args.har, (text) => {
      const { requests } = harRequests(JSON.parse(text))
      if (requests.length === 0) throw new Error('no HTTP request in the file')
      return requests
    })
  }
}

/**
 * The run's requests: the routes the vanilla process found, with --openapi and --har matched by
 * it; and the HAR's alone (bench replays only the traffic when there is one).
 * @throws UsageError naming the document that does not fit the app
 */
export async function buildTargets(
  args: CliArgs,
  sources: Sources,
  vanilla: { routes: RouteInfo[]; match: Matcher }
): Promise<{ targets: CheckTarget[]; har: CheckTarget[] | undefined }> {
  const given: CheckTarget[] = []
  if (sources.spec !== undefined) {
    try {
      given.push(
        ...(await matchSpec(sources.spec, vanilla.routes, vanilla.match, args.allowUnmatched)).targets
      )
    } catch (error) {
      throw new UsageError(`pulya: --openapi ${args.openapi as string}: ${firstLine(error)}`)
    }
  }
  let har: CheckTarget[] | undefined
  if (sources.har !== undefined) {
    try {
      har = await matchHar(sources.har, vanilla.match, args.harHosts)
      given.push(...har)
    } catch (error) {
      throw new UsageError(`pulya: --har ${args.har as string}: ${firstLine(error)}`)
    }
  }
  return {
    targets: checkTargets(vanilla.routes, { samples: sources.samples, given, methods: args.methods }),
    har: har === undefined ? undefined : checkTargets([], { given: har })
  }
}
