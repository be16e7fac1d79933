/**
 * OpenTelemetry sees the same NestJS app through `PulyaExpressAdapter` as through
 * `ExpressAdapter`: the nestjs-core instrumentation's spans (the app's creation, each request
 * handler) and the http, express and router instrumentations' spans, compared as trees after ids,
 * times and ports are normalised away, as test/agents/otel.test.ts compares Express apps. Also
 * `ExpressAdapter` with `app.use(pulya())` after `NestFactory.create`. Nest 10 and 11: the
 * nestjs-core instrumentation supports Nest below 12.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { collect, type Tree } from './_tree.js'
import { runAgent, runMatrix, type AgentHost, type AgentRun, type RunOf } from './_run.js'
import { nestHost } from '../nest/_nest.js'

interface SpanTree extends Tree<SpanTree> {
  name: string
  scope: string
  attributes: Record<string, unknown>
}

const MAJORS = [10, 11] as const
const NEST_HOSTS: readonly AgentHost[] = MAJORS.map((major) => ({
  label: `nest@${major}`,
  kind: 'nest',
  packages: {}
}))
/** `first`: `PulyaExpressAdapter`; `last`: `ExpressAdapter`, then `app.use(pulya())`. */
const MODES = [
  ['PulyaExpressAdapter', 'first'],
  ['app.use(pulya()) after create', 'last']
] as const

let run: RunOf<AgentRun<SpanTree[]>>

beforeAll(async () => {
  // Compiles the fixture app into each major's workspace, where the child process loads it.
  for (const major of MAJORS) nestHost(major)
  run = await runMatrix(
    NEST_HOSTS,
    MODES.map(([, mode]) => mode),
    (host, mode) =>
      runAgent<SpanTree[]>('_otel.cjs', host, mode, { PULYA_NEST_MAJOR: host.label.slice('nest@'.length) })
  )
}, 180_000)

describe.each(NEST_HOSTS)('OpenTelemetry on $label', (host) => {
  it('records Nest: request handler spans and http.route with the prefix and version', () => {
    const vanilla = run(host, 'vanilla')
    const handlers = vanilla.records.map((trace) =>
      collect(trace.children, (span) => span.scope).includes('@opentelemetry/instrumentation-nestjs-core')
    )
    expect(handlers.filter(Boolean).length).toBeGreaterThan(5)
    expect(vanilla.records.map((trace) => trace.attributes['http.route'])).toContain('/api/v1/users/:id')
  })

  it.each(MODES)('with %s: the same responses and the same spans', (_label, mode) => {
    const vanilla = run(host, 'vanilla')
    const accelerated = run(host, mode)
    expect(accelerated.responses).toEqual(vanilla.responses)
    expect(accelerated.records).toEqual(vanilla.records)
  })
})
