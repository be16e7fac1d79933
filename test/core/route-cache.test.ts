import { describe, expect, it } from 'vitest'
import { RouteCache } from '../../src/core/route-cache.js'

describe('RouteCache', () => {
  it('counts hits, misses and evictions and stays bounded', () => {
    const cache = new RouteCache<{ n: number }>(2, 10)
    expect(cache.get('/a')).toBeUndefined()
    cache.set('/a', { n: 1 })
    expect(cache.get('/a')).toEqual({ n: 1 })
    cache.set('/b', { n: 2 })
    cache.set('/c', { n: 3 })
    expect(cache.size).toBe(2)
    expect(cache.get('/b')).toEqual({ n: 2 })
    expect(cache.stats).toEqual({ hits: 2, misses: 1, evictions: 1, skipped: 0 })
  })

  it('never caches a path longer than maxKeyLength', () => {
    const cache = new RouteCache<{ n: number }>(10, 4)
    cache.set('/long', { n: 1 })
    cache.set('/abc', { n: 2 })
    expect(cache.get('/long')).toBeUndefined()
    expect(cache.get('/abc')).toEqual({ n: 2 })
    expect(cache.size).toBe(1)
    expect(cache.stats.skipped).toBe(1)
  })

  it('clear() drops entries but keeps counters', () => {
    const cache = new RouteCache<{ n: number }>(10, 100)
    cache.set('/a', { n: 1 })
    cache.get('/a')
    cache.clear()
    expect(cache.size).toBe(0)
    expect(cache.get('/a')).toBeUndefined()
    expect(cache.stats).toEqual({ hits: 1, misses: 1, evictions: 0, skipped: 0 })
  })
})
