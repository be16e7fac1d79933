/** The command line: commands, options, bench's own options, and usage errors in one line. */
import { describe, expect, it } from 'vitest'
import { BENCH_DEFAULTS, UsageError, parseArgs, parsePercent } from '../../src/cli/args.js'

describe('parseArgs', () => {
  it('reads a command, its app and the shared options', () => {
    expect(
      parseArgs([
        'check',
        './app.js',
        '--json',
        '--export',
        'make',
        '--ignore-header',
        'X-Id',
        '--samples',
        's.json',
        '--pulya-module',
        'm.mjs'
      ])
    ).toEqual({
      command: 'check',
      app: './app.js',
      exportName: 'make',
      json: true,
      ignoreHeaders: ['x-id'],
      samples: 's.json',
      openapi: undefined,
      har: undefined,
      harHosts: [],
      methods: [],
      allowUnmatched: false,
      pulyaModule: 'm.mjs',
      pulyaOptions: undefined,
      bench: { ...BENCH_DEFAULTS, routes: [] }
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

  it("reads bench's options; bench's --json names a file", () => {
    const bench = parseArgs([
      'bench',
      'a.js',
      '--json',
      'r.json',
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
      '--no-check',
      '--pulya',
      '{"cache":{"max":5000}}'
    ])
    expect(bench.json).toBe(false)
    expect(bench.pulyaOptions).toEqual({ cache: { max: 5000 } })
    expect(bench.bench).toEqual({
      durationS: 0.5,
      rounds: 5,
      connections: 8,
      warmupS: 0,
      top: 3,
      routes: ['/api/*', '/b'],
      out: 'rep',
      jsonFile: 'r.json',
      check: false,
      baseline: 'old.json',
      gate: true,
      maxRegression: 0.05
    })
  })

  it('the gate: --check with the default tolerance; a baseline alone does not gate', () => {
    expect(parseArgs(['bench', 'a.js', '--baseline', 'b.json', '--check']).bench).toMatchObject({
      gate: true,
      maxRegression: 0.1
    })
    expect(parseArgs(['bench', 'a.js', '--baseline', 'b.json']).bench.gate).toBe(false)
    expect(parsePercent('12.5')).toBe(0.125)
  })

  it.each([[[]], [['routes', 'a.js', '-h']], [['--help', 'nope']]])('%j is help', (argv) => {
    expect(parseArgs(argv).command).toBe('help')
  })

  it.each([
    [['--export']],
    [['--nope']],
    [['bench']],
    [['serve', 'a.js']],
    [['routes']],
    [['routes', 'a.js', 'b.js']],
    [['bench', 'a.js', '--duration', 'x']],
    [['bench', 'a.js', '--duration', '']],
    [['bench', 'a.js', '--rounds', '1.5']],
    [['bench', 'a.js', '--connections', '0']],
    [['bench', 'a.js', '--max-regression', '-3%']],
    [['bench', 'a.js', '--max-regression', 'ten']],
    [['bench', 'a.js', '--check']],
    [['check', 'a.js', '--baseline', 'b.json', '--check']],
    [['bench', 'a.js', '--pulya', '{bad']],
    [['bench', 'a.js', '--pulya', '[1]']],
    [['bench', 'a.js', '--pulya', 'null']],
    [['check', 'a.js', '--methods', '']],
    [['check', 'a.js', '--methods', 'GET,CONNECT']],
    [['check', 'a.js', '--methods', 'P-OST']],
    [['check', 'a.js', '--har-host', 'h']],
    [['check', 'a.js', '--allow-unmatched']]
  ])('%j is a usage error of one line', (argv) => {
    expect(() => parseArgs(argv)).toThrow(UsageError)
    expect(() => parseArgs(argv)).toThrow(/^pulya: [^\n]+$/)
  })

  it.each([
    [['bench', 'a.js', '--pulya', '{bad'], /^pulya: --pulya is not valid JSON \([^\n]+\); e\.g\./],
    [
      ['check', 'a.js', '--methods', 'GET,CONNECT'],
      'pulya: --methods takes HTTP methods separated by commas, e.g. POST,PUT,DELETE, got "GET,CONNECT"'
    ]
  ])('%j says what is wrong', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message)
  })
})
