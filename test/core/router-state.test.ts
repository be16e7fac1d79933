import { describe, expect, it } from 'vitest'
import { RouterState } from '../../src/core/router-state.js'
import { resolveCoreOptions } from '../../src/core/options.js'
import { ALWAYS, compilePathPattern, PatternEnd } from '../../src/core/path-pattern.js'
import { WarmQueue } from '../../src/core/warm.js'
import type { LayerPatterns } from '../../src/core/route-index.js'

const HOST = { host: 'Test', names: [], foreign: {} }
const options = (given: object): ReturnType<typeof resolveCoreOptions>['resolved'] =>
  resolveCoreOptions(given, HOST).resolved

/** A host whose layers are literal paths; `built` records what follows each build. */
class TestState extends RouterState<string, object> {
  readonly builds: string[][] = []
  protected built(stack: string[]): void {
    this.builds.push([...stack])
  }
}

const read = (path: string): LayerPatterns =>
  path === '*' ? ALWAYS : compilePathPattern([path], PatternEnd.End)

describe('RouterState, the per-router contract', () => {
  it('joins its warm-up, starts cold with warm on, and is built by the warm-up (then no longer cold)', () => {
    const queue = new WarmQueue<RouterState<string, object>>()
    const router = { stack: ['/a', '/b', '*', '/c', '/d', '/e', '/f', '/g'] }
    const state = new TestState(router, read, options({}), queue)
    expect(queue.targets).toEqual([state])
    expect(state.cold).toBe(true)
    expect(state.verifier).toBeNull()
    expect(state.index.isStale(router.stack)).toBe(true)
    queue.buildAll()
    expect(state.cold).toBe(false)
    expect(state.index.isStale(router.stack)).toBe(false)
    expect(state.builds).toEqual([router.stack])
    expect(state.index.candidates('/c')).toEqual([2, 3])
  })

  it('builds in steps of a budget, and rebuilds a changed stack', () => {
    const queue = new WarmQueue<RouterState<string, object>>()
    const router = { stack: ['/a', '/b', '/c', '/d', '/e', '/f', '/g', '/h'] }
    const state = new TestState(router, read, options({ warm: false, verify: true }), queue)
    expect(state.cold).toBe(false)
    expect(state.verifier).not.toBeNull()
    expect(state.warmStep(3)).toBe(false)
    expect(state.builds).toEqual([])
    expect(state.warmStep(3)).toBe(false)
    expect(state.warmStep(3)).toBe(false)
    expect(state.builds).toHaveLength(1)
    expect(state.warmStep(3)).toBe(true)
    router.stack.push('/i')
    expect(state.index.isStale(router.stack)).toBe(true)
    state.rebuild(router.stack)
    expect(state.builds).toHaveLength(2)
    expect(state.index.candidates('/i')).toEqual([8])
  })
})
