/**
 * The host contract suite: every case in compat/cases runs against vanilla Express and
 * against the same app with `app.use(pulya())`, on each Express major, over real HTTP;
 * status, status message, raw headers, body bytes and logs must be identical.
 */
import { describe, expect, it } from 'vitest'
import type { Express, Request, RequestHandler } from 'express'
import { casesFor, CONTRACT_CASES, type ContractCase } from '../../compat/cases/index.js'
import { routerOf } from '../../compat/cases/_types.js'
import { runDifferential, type DiffOptions, type ServerForm } from '../../compat/differential.js'
import { EXPRESS_HOSTS } from '../helpers/hosts.js'

function majorOf(name: string): 4 | 5 {
  return name.endsWith('@4') ? 4 : 5
}

function requestCount(c: ContractCase): number {
  return c.steps.filter((step) => !('action' in step)).length
}

// Each way of serving an app takes its own path through pulya (see DiffOptions.server).
const SERVERS: readonly ServerForm[] = ['http', 'listen', 'pulya']

describe.each(EXPRESS_HOSTS)('$name: vanilla and pulya answer the same', ({ name, express }) => {
  const major = majorOf(name)
  describe.each(SERVERS)('served by %s', (server) => {
    // `%s` of the name, not `$name`: vitest shortens `$name` to 40 characters.
    it.each(casesFor(major).map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const report = await runDifferential(express, (e) => c.build(e, major), c.steps, {
        inject: c.inject ?? 'first',
        normalize: c.normalize,
        server
      })
      expect(report.message).toBe('')
      expect(report.results).toHaveLength(requestCount(c))
    })
  })
})

// The runner itself is under test: each mutant below is a deliberately wrong "pulya"
// that the runner must catch on the named case. A runner that passes everything proves nothing.

interface Layer {
  route?: { path?: unknown }
  match: (path: string) => unknown
  handle: unknown
}

function isStatic(layer: Layer): boolean {
  const path = layer.route?.path
  return typeof path === 'string' && !/[:*?({]/.test(path)
}

function stackOf(req: Request): Layer[] {
  return routerOf(req.app as unknown as Express).stack as unknown as Layer[]
}

/** Runs `onFirst` once, on the first request, from a middleware injected like pulya. */
function once(onFirst: (req: Request, self: RequestHandler) => void): () => RequestHandler {
  return () => {
    let done = false
    const self: RequestHandler = (req, _res, next) => {
      if (!done) {
        done = true
        onFirst(req, self)
      }
      next()
    }
    return self
  }
}

const MUTANTS: ReadonlyArray<{ mutant: string; breaks: string; make: DiffOptions['pulya'] }> = [
  {
    mutant: 'adds a response header',
    breaks: 'registration order of middlewares',
    make: () => (_req, res, next) => {
      res.setHeader('X-Pulya', '1')
      next()
    }
  },
  {
    mutant: 'lower-cases header names',
    breaks: 'registration order of middlewares',
    make: () => (_req, res, next) => {
      const setHeader = res.setHeader.bind(res)
      res.setHeader = (field: string, value: number | string | readonly string[]) =>
        setHeader(field.toLowerCase(), value)
      next()
    }
  },
  {
    mutant: 'skips the layer after its own',
    breaks: 'registration order of middlewares',
    make: once((req, self) => {
      const stack = stackOf(req)
      stack.splice(stack.findIndex((l) => l.handle === self) + 1, 1)
    })
  },
  {
    mutant: 'runs static routes first (specificity instead of registration order)',
    breaks: 'registration order of middlewares',
    make: once((req) => {
      stackOf(req).sort((a, b) => Number(isStatic(b)) - Number(isStatic(a)))
    })
  },
  {
    mutant: 'lower-cases the URL',
    breaks: 'case changes',
    make: () => (req, _res, next) => {
      req.url = req.url.toLowerCase()
      next()
    }
  },
  {
    mutant: 'strips a trailing slash',
    breaks: 'router options caseSensitive and strict',
    make: () => (req, _res, next) => {
      req.url = req.url.replace(/(.)\/$/, '$1')
      next()
    }
  },
  {
    mutant: 'matches RegExp routes once more per request (a verify pass that ignores the g flag)',
    breaks: 'a user RegExp with the g flag',
    make: () => (req, _res, next) => {
      for (const layer of stackOf(req)) if (layer.route?.path instanceof RegExp) layer.match(req.path)
      next()
    }
  }
]

describe.each(EXPRESS_HOSTS)('$name: the runner notices a broken pulya', ({ name, express }) => {
  const major = majorOf(name)
  it.each(MUTANTS.map((m) => [m.mutant, m] as const))('%s', async (_mutant, { breaks, make }) => {
    const c = CONTRACT_CASES.find((candidate) => candidate.name.startsWith(breaks))
    if (c === undefined) throw new Error(`no case named ${breaks}`)
    const report = await runDifferential(express, (e) => c.build(e, major), c.steps, { pulya: make })
    expect(report.differences.length).toBeGreaterThan(0)
    expect(report.message).toMatch(/^\d+ difference\(s\) between vanilla and pulya:\nstep \d+: [A-Z]+ \//)
  })
})
