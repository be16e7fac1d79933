/** What `pulya bench` measures: the mix, routes one by one spread over the table, a 404. */
import { describe, expect, it } from 'vitest'
import {
  MAX_WEIGHTED,
  UNKNOWN_PATH,
  globToRegExp,
  planBench,
  spreadPick,
  weightedRequests
} from '../../src/cli/bench-plan.js'
import { DEFAULT_HOST } from '../../src/cli/request-defaults.js'
import { target } from '../helpers/cli-target.js'

describe('globToRegExp', () => {
  it.each([
    ['/api/*', '/api/users/:id', true],
    ['/a.b', '/axb', false],
    ['/a.b', '/a.b', true]
  ])('%s on %s: %s', (glob, template, matches) => {
    expect(globToRegExp(glob).test(template)).toBe(matches)
  })
})

describe('spreadPick', () => {
  it.each([
    [[1, 2, 3, 4, 5], 3, [1, 3, 5]],
    [[1, 2], 5, [1, 2]],
    [[1, 2, 3], 0, []],
    [[1, 2, 3], 1, [1]]
  ])('%j, %i → %j', (items, n, picked) => {
    expect(spreadPick(items, n)).toEqual(picked)
  })
})

describe('planBench', () => {
  const targets = ['/a', '/b/:id', '/c', '/d', '/e'].map((template) =>
    target(template, template.replace(':id', '1'))
  )

  it('a mix of every route, the top routes one by one, and a 404', () => {
    const { workloads, templates } = planBench(
      [...targets, target('/b/:id', '/b/2', { headers: { accept: 'text/html' } })],
      { routes: [], top: 2 }
    )
    expect(templates).toEqual(['GET /a', 'GET /b/:id', 'GET /c', 'GET /d', 'GET /e'])
    expect(workloads.map((w) => w.name)).toEqual(['mix', 'GET /a', 'GET /e', '404'])
    expect(workloads[0]?.requests).toContainEqual({
      method: 'GET',
      path: '/b/2',
      headers: { accept: 'text/html' }
    })
    expect(workloads[3]?.requests).toEqual([
      { method: 'GET', path: UNKNOWN_PATH, headers: { host: DEFAULT_HOST } }
    ])
  })

  it("the 404's request carries the run's headers, as the targets do", () => {
    const { workloads } = planBench(targets, { routes: [], top: 0, headers: { authorization: 'Bearer t' } })
    expect(workloads.at(-1)?.requests[0]?.headers).toEqual({ authorization: 'Bearer t', host: DEFAULT_HOST })
  })

  it('one route only: the mix is its workload', () => {
    expect(planBench([target('/', '/')], { routes: [], top: 8 }).workloads.map((w) => w.name)).toEqual([
      'mix',
      '404'
    ])
  })

  it('--routes narrows (and drops the 404)', () => {
    const { workloads } = planBench(targets, { routes: ['/b*', '/c'], top: 8 })
    expect(workloads.map((w) => w.name)).toEqual(['mix', 'GET /b/:id', 'GET /c'])
  })

  it.each([
    [['/zzz'], targets, 'no route matches --routes /zzz'],
    [[], [], 'the app has no route']
  ])('--routes %j over %j targets: nothing left is an error', (routes, given, message) => {
    expect(() => planBench(given, { routes, top: 8 })).toThrow(message)
  })
})

describe('weightedRequests', () => {
  it('repeated by weight; bodies and headers kept', () => {
    const list = weightedRequests([
      target('/a', '/a', { weight: 3 }),
      target('/b', '/b', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })
    ])
    expect(list.map((r) => r.path)).toEqual(['/a', '/a', '/a', '/b'])
    expect(list[3]).toEqual({
      method: 'POST',
      path: '/b',
      headers: { 'content-type': 'application/json' },
      body: '{}'
    })
  })

  it(`at most MAX_WEIGHTED (${MAX_WEIGHTED}) entries, each request at least once`, () => {
    const big = weightedRequests([target('/a', '/a', { weight: 1000 }), target('/b', '/b', { weight: 1 })])
    expect(big.filter((r) => r.path === '/a')).toHaveLength(MAX_WEIGHTED)
    expect(big.filter((r) => r.path === '/b')).toHaveLength(1)
  })
})
