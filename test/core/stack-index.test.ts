import { describe, expect, it } from 'vitest'
import { StackIndex, StackSnapshot, stackView } from '../../src/core/stack-index.js'
import { compilePathPattern, PARAM, PatternEnd, type PathPattern } from '../../src/core/path-pattern.js'
import { resolveCoreOptions, type HostOptionSet } from '../../src/core/options.js'

/** A layer of a made-up host: its pattern, or `null` for "every path". */
interface Layer {
  pattern: PathPattern | null
}
const HOST: HostOptionSet = { host: 'Test', names: [], foreign: {} }
const options = (given: object = {}): ReturnType<typeof resolveCoreOptions>['resolved'] =>
  resolveCoreOptions(given, HOST).resolved
const route = (...tokens: Array<string | typeof PARAM>): Layer => ({
  pattern: compilePathPattern(tokens, PatternEnd.End)
})
const read = (layer: Layer): PathPattern | null => layer.pattern

describe('StackIndex', () => {
  it('is stale until built, and again after a mutation, a replacement or an invalidation', () => {
    const index = new StackIndex<Layer, object>(read, options({ smallStack: 0 }))
    const stack = [route('/a'), route('/b/', PARAM)]
    expect(index.isStale(stack)).toBe(true)
    index.rebuild(stack)
    expect(index.isStale(stack)).toBe(false)
    stack.push(route('/c'))
    expect(index.isStale(stack)).toBe(true)
    index.rebuild(stack)
    expect(index.isStale([...stack])).toBe(true)
    index.invalidate()
    expect(index.isStale(stack)).toBe(true)
  })

  it('narrows to the layers that may match, in stack order', () => {
    const index = new StackIndex<Layer, object>(read, options({ smallStack: 0 }))
    index.rebuild([route('/a'), { pattern: null }, route('/b/', PARAM), route('/a')])
    expect(index.active).toBe(true)
    expect(index.narrows).toBe(true)
    expect(index.candidates('/a')).toEqual([0, 1, 3])
    expect(index.candidates('/b/7')).toEqual([1, 2])
  })

  it('stays off for small stacks and stacks the host refuses, and narrows nothing when every layer is a candidate', () => {
    const small = new StackIndex<Layer, object>(read, options())
    small.rebuild([route('/a'), route('/b')])
    expect([small.active, small.narrows]).toEqual([false, false])
    const refused = new StackIndex<Layer, object>(read, options({ smallStack: 0 }), () => false)
    refused.rebuild([route('/a'), route('/b')])
    expect(refused.active).toBe(false)
    const open = new StackIndex<Layer, object>(read, options({ smallStack: 0 }))
    open.rebuild([{ pattern: null }, { pattern: null }])
    expect([open.active, open.narrows]).toEqual([true, false])
  })

  it('keeps one cache per kind across rebuilds, emptied by each, its counters summed', () => {
    const index = new StackIndex<Layer, { n: number }>(read, options({ smallStack: 0, cache: { max: 1 } }))
    const get = index.cache('GET')
    expect(index.cache('GET')).toBe(get)
    get?.set('/a', { n: 1 })
    get?.set('/b', { n: 2 })
    index.cache('POST')?.get('/a')
    expect(get?.get('/b')).toEqual({ n: 2 })
    index.rebuild([route('/a')])
    expect(get?.get('/b')).toBeUndefined()
    expect(index.cacheStats()).toEqual({ hits: 1, misses: 2, evictions: 1, skipped: 0 })
    expect(new StackIndex<Layer, object>(read, options({ cache: false })).cache('GET')).toBeNull()
  })
})

describe('StackIndex.buildStep', () => {
  it('reads a budget of layers per step, keeps the index in use until the new one is complete, and starts over when the stack changes', () => {
    const index = new StackIndex<Layer, object>(read, options({ smallStack: 0 }))
    const stack = [route('/a'), route('/b')]
    index.rebuild(stack)
    expect(index.candidates('/c')).toEqual([])
    stack.push(route('/c'))
    expect(index.buildStep(stack, 2)).toBe(false)
    expect(index.isStale(stack)).toBe(true)
    expect(index.candidates('/c')).toEqual([])
    stack.push(route('/d'))
    // Changed while being read: read again from the first layer.
    expect(index.buildStep(stack, 3)).toBe(false)
    expect(index.buildStep(stack, 3)).toBe(true)
    expect(index.isStale(stack)).toBe(false)
    expect(index.candidates('/c')).toEqual([2])
    expect(index.candidates('/d')).toEqual([3])
    // A stack the index will not use needs no reading at all.
    const small = new StackIndex<Layer, object>(read, options())
    expect(small.buildStep([route('/a')], 0)).toBe(true)
  })
})

describe('StackSnapshot', () => {
  it('is current for the same unchanged array only', () => {
    const stack: unknown[] = []
    expect(new StackSnapshot(stack, -1, 0).isCurrent(stack)).toBe(true)
    expect(new StackSnapshot(stack, -1, 1).isCurrent(stack)).toBe(false)
    expect(new StackSnapshot([], -1, 0).isCurrent(stack)).toBe(false)
  })
})

describe('stackView', () => {
  it('is the owner in every respect but its stack', () => {
    const owner = {
      stack: [1, 2, 3],
      name: 'router',
      size(this: { stack: number[] }): number {
        return this.stack.length
      }
    }
    const view = stackView(owner, [2])
    expect(view.size()).toBe(1)
    expect(view.name).toBe('router')
    expect(owner.stack).toEqual([1, 2, 3])
  })
})
