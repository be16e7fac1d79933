/** The usage text of `pulya --help`: every command and option, the defaults from BENCH_DEFAULTS. */
import { BENCH_DEFAULTS, DEFAULT_TIMEOUT_S } from './args.js'
import { DEFAULT_HOST } from './request-defaults.js'

export const HELP = `Usage: pulya <command> <app module> [options]

Commands:
  routes <app>   print every route of the app: methods and full template
  check <app>    start the app three times (twice vanilla, once with pulya) on 127.0.0.1,
                 send each the same requests (every GET route, its HEAD, more with the
                 options below) and compare the answers (status, headers but Date, body)
  bench <app>    check, then measure both servers route by route: req/s, p50/p99
                 latency, server CPU per request, speed-up (needs autocannon installed)
  explain <app>  per router and response feature of the app: what pulya does, why not
                 where it does not, and what would change it

The app module (.js, .mjs, .cjs; .ts, .mts, .cts with tsx installed) exports an Express
or Koa app, an http.Server serving one, or a (sync or async) factory returning either:
the default export, or the one --export names; a module that exports nothing and serves
its app as it loads (app.listen(3000) at its end) gives that app. It is served as your
module serves it: app.listen() when the module calls it, else http.createServer(app)
(--serve changes it).

Options (every command):
  --export <name>          the named export to use
  --json                   print the results as JSON on stdout instead of text
  --out <dir>              also write report.md, report.html and results.json there
  --version                print pulya's version
  -h, --help               this help

check, bench, explain:
  --serve <how>            listen: app.listen(); handler: http.createServer(app) (Koa:
                           app.callback()); default: as the module does, else handler
  --pulya <json>           pulya's options, e.g. '{"cache":{"max":5000}}'

check, bench:
  --header '<name>: <v>'   a header for every request, e.g. --header 'Authorization:
                           Bearer abc' (repeatable; it wins over samples and the HAR)
  --ignore-header <name>   a header not to compare (repeatable)
  --samples <file.json>    per route template, the requests to send, e.g.
                           {"/users/:id": [{"params": {"id": "42"}, "query": {"full": "1"},
                            "headers": {"accept": "text/html"}}], "/items": [{"method":
                            "POST", "body": {"name": "a"}}]}
  --openapi <spec>         requests from an OpenAPI 3.x / Swagger 2 document's examples
                           (.json; .yaml/.yml with the yaml package installed)
  --allow-unmatched        with --openapi: send operations no route answers instead of exit 2
  --har <file.har>         replay recorded traffic (bench weighs its mix like it)
  --har-host <host>        the HAR's host(s) that are the app (repeatable; needed when the
                           HAR holds requests to other hosts)
  --methods <list>         also send these methods (e.g. POST,PUT,DELETE) to every route
                           that has them, placeholder bodies ({} as JSON)
  --timeout <s>            seconds an answer may take before the app counts as hung
                           (default ${DEFAULT_TIMEOUT_S})

Every request carries the same Host header in every process: the sample's or the HAR's,
else ${DEFAULT_HOST} (--header 'Host: …' sets another).

bench:
  --duration <s>           measured seconds per route, server and round (default ${BENCH_DEFAULTS.durationS})
  --rounds <n>             interleaved rounds (default ${BENCH_DEFAULTS.rounds})
  --connections <n>        concurrent connections (default ${BENCH_DEFAULTS.connections})
  --warmup <s>             warm-up seconds per server, once (default ${BENCH_DEFAULTS.warmupS})
  --routes <glob>          bench only templates matching the glob, * matches anything
                           (repeatable), e.g. --routes '/api/*'
  --top <n>                routes benched one by one, spread over the route table
                           (default ${BENCH_DEFAULTS.top}); every route is in the mixed workload
  --skip-check             do not check before benching
  --baseline <file>        compare with an earlier results.json
  --fail-on-regression     with --baseline: exit 1 when a workload regressed (speed-up or
                           pulya CPU per request) by more than --max-regression
  --max-regression <pct>   the tolerance, e.g. 10% (default ${BENCH_DEFAULTS.maxRegression * 100}%; implies --fail-on-regression)

Exit codes: 0 ok; 1 check found a difference (pulya's answer differs, or only the pulya
process crashed or hung), or bench a regression; 2 anything that stopped the command: a
usage error, an app that cannot be loaded or has nothing registered, an app that crashes
or hangs without pulya too, autocannon missing (one line on stderr, the app's last stderr
lines under it when its process failed).
`
