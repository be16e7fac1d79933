/**
 * The command line: commands, options, bench's own options, one flag language for every
 * command, the old spellings with their deprecation lines, and usage errors in one line.
 */
import { describe, expect, it } from 'vitest'
import {
  BENCH_DEFAULTS,
  DEFAULT_TIMEOUT_S,
  DEPRECATED,
  UsageError,
  parseArgs,
  parsePercent
} from '../../src/cli/args.js'

describe('parseArgs', () => {
  it('reads a command, its app and the shared options', () => {
    expect(
      parseArgs([
        'check',
        './app.js',
        '--json',
        '--out',
        'report',
        '--export',
        'make',
        '--ignore-header',
        'X-Id',
        '--samples',
        's.json',
        '--pulya-module',
        'm.mjs',
        '--header',
        'Authorization: Bearer a:b',
        '--header',
        'X-Tenant:7',
        '--serve',
        'listen',
        '--timeout',
        '2.5'
      ])
    ).toEqual({
      command: 'check',
      app: './app.js',
      exportName: 'make',
      json: true,
      out: 'report',
      ignoreHeaders: ['x-id'],
      headers: { authorization: 'Bearer a:b', 'x-tenant': '7' },
      serve: 'listen',
      timeoutS: 2.5,
      samples: 's.json',
      openapi: undefined,
      har: undefined,
      harHosts: [],
      methods: [],
      allowUnmatched: false,
      pulyaModule: 'm.mjs',
      pulyaOptions: undefined,
      bench: { ...BENCH_DEFAULTS, routes: [] },
      deprecations: []
    })
  })

  it('defaults: text output, no files, the module decides how to serve, the default timeout', () => {
    expect(parseArgs(['explain', 'a.js'])).toMatchObject({
      command: 'explain',
      json: false,
      out: undefined,
      serve: 'auto',
      timeoutS: DEFAULT_TIMEOUT_S,
      headers: {}
    })
  })

  it('reads the request sources: --openapi, --allow-unmatched, --har, --har-host, --methods', () => {
    expect(
      parseArgs([
        'check',
        'a.ts',
        '--openapi',
        'o.yaml',
        '--allow-unmatched',
        '--har',
        't.har',
        '--har-host',
        'api.example.com',
        '--methods',
        'post, Put,'
      ])
    ).toMatchObject({
      openapi: 'o.yaml',
      allowUnmatched: true,
      har: 't.har',
      harHosts: ['api.example.com'],
      methods: ['POST', 'PUT']
    })
  })

  it("reads bench's options; --json prints JSON for bench too", () => {
    const bench = parseArgs([
      'bench',
      'a.js',
      '--json',
      '--duration',
      '0.5',
      '--rounds',
      '5',
      '--connections',
      '8',
      '--warmup',
      '0',
      '--top',
      '3',
      '--routes',
      '/api/*',
      '--routes',
      '/b',
      '--out',
      'rep',
      '--baseline',
      'old.json',
      '--max-regression',
      '5%',
      '--skip-check',
      '--pulya',
      '{"cache":{"max":5000}}'
    ])
    expect([bench.json, bench.out, bench.deprecations]).toEqual([true, 'rep', []])
    expect(bench.pulyaOptions).toEqual({ cache: { max: 5000 } })
    expect(bench.bench).toEqual({
      durationS: 0.5,
      rounds: 5,
      connections: 8,
      warmupS: 0,
      top: 3,
      routes: ['/api/*', '/b'],
      jsonFile: undefined,
      check: false,
      baseline: 'old.json',
      gate: true,
      maxRegression: 0.05
    })
  })

  it('the gate: --fail-on-regression with the default tolerance; a baseline alone does not gate', () => {
    expect(parseArgs(['bench', 'a.js', '--baseline', 'b.json', '--fail-on-regression']).bench).toMatchObject({
      gate: true,
      maxRegression: 0.1
    })
    expect(parseArgs(['bench', 'a.js', '--baseline', 'b.json']).bench.gate).toBe(false)
    expect(parsePercent('12.5')).toBe(0.125)
  })

  it.each([
    [
      'bench --json <file> after the app',
      ['bench', 'a.js', '--json', 'r.json'],
      { json: false, jsonFile: 'r.json' },
      [DEPRECATED.jsonFile]
    ],
    [
      'bench --json <file> before the app',
      ['bench', '--json', 'r.json', 'a.js'],
      { json: false, jsonFile: 'r.json' },
      [DEPRECATED.jsonFile]
    ],
    ['bench --json before the app', ['bench', '--json', 'a.js'], { json: true, jsonFile: undefined }, []],
    [
      '--check and --no-check',
      ['bench', 'a.js', '--baseline', 'b.json', '--check', '--no-check'],
      { gate: true, check: false },
      [DEPRECATED.check, DEPRECATED.noCheck]
    ]
  ])('the old spelling %s still works, with a deprecation line', (_what, argv, expected, deprecations) => {
    const args = parseArgs(argv)
    expect({ app: args.app, json: args.json, ...args.bench }).toMatchObject({ app: 'a.js', ...expected })
    expect(args.deprecations).toEqual(deprecations)
  })

  it.each([[[]], [['routes', 'a.js', '-h']], [['--help', 'nope']]])('%j is help', (argv) => {
    expect(parseArgs(argv).command).toBe('help')
  })

  it.each([[['--version']], [['check', 'a.js', '--version']]])('%j is the version', (argv) => {
    expect(parseArgs(argv).command).toBe('version')
  })

  it.each([
    [['--export']],
    [['--nope']],
    [['bench']],
    [['serve', 'a.js']],
    [['routes']],
    [['routes', 'a.js', 'b.js']],
    [['bench', 'a.js', 'b.js', 'c.js', '--json']],
    [['bench', 'a.js', '--duration', 'x']],
    [['bench', 'a.js', '--duration', '']],
    [['bench', 'a.js', '--rounds', '1.5']],
    [['bench', 'a.js', '--connections', '0']],
    [['bench', 'a.js', '--max-regression', '-3%']],
    [['bench', 'a.js', '--max-regression', 'ten']],
    [['bench', 'a.js', '--fail-on-regression']],
    [['check', 'a.js', '--baseline', 'b.json', '--fail-on-regression']],
    [['bench', 'a.js', '--pulya', '{bad']],
    [['bench', 'a.js', '--pulya', '[1]']],
    [['bench', 'a.js', '--pulya', 'null']],
    [['check', 'a.js', '--methods', '']],
    [['check', 'a.js', '--methods', 'GET,CONNECT']],
    [['check', 'a.js', '--methods', 'P-OST']],
    [['check', 'a.js', '--har-host', 'h']],
    [['check', 'a.js', '--allow-unmatched']],
    [['check', 'a.js', '--header', 'no colon']],
    [['check', 'a.js', '--header', ': value']],
    [['check', 'a.js', '--header', 'bad name: v']],
    [['check', 'a.js', '--serve', 'lambda']],
    [['check', 'a.js', '--timeout', '0']]
  ])('%j is a usage error of one line', (argv) => {
    expect(() => parseArgs(argv)).toThrow(UsageError)
    expect(() => parseArgs(argv)).toThrow(/^pulya: [^\n]+$/)
  })

  it.each([
    [['bench', 'a.js', '--pulya', '{bad'], /^pulya: --pulya is not valid JSON \([^\n]+\); e\.g\./],
    [
      ['check', 'a.js', '--methods', 'GET,CONNECT'],
      'pulya: --methods takes HTTP methods separated by commas, e.g. POST,PUT,DELETE, got "GET,CONNECT"'
    ],
    [
      ['check', 'a.js', '--header', 'Bearer abc'],
      `pulya: --header takes 'Name: value', e.g. --header 'Authorization: Bearer abc', got "Bearer abc"`
    ],
    [['check', 'a.js', '--serve', 'lambda'], 'pulya: --serve takes listen or handler, got "lambda"']
  ])('%j says what is wrong', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message)
  })
})
