import { describe, expect, it, vi } from 'vitest'
import { FALLBACK_CAUSES, fallbacksByCause, fallbackTotal, fellBack } from '../../src/core/fallbacks.js'
import { PULYA_FALLBACK } from '../../src/core/errors.js'

describe('fallbacks', () => {
  it('counts per cause and in total, and warns once per cause with the error', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    try {
      expect(fallbackTotal()).toBe(0)
      expect(Object.keys(fallbacksByCause())).toEqual([...FALLBACK_CAUSES])
      fellBack('router-dispatch', new TypeError('bad layer'))
      fellBack('router-dispatch', 'a thrown string')
      fellBack('etag-memo', 42)
      expect(fallbackTotal()).toBe(3)
      expect(fallbacksByCause()).toMatchObject({ 'router-dispatch': 2, 'etag-memo': 1, monitor: 0 })
      expect(warn.mock.calls.map((call) => [String(call[0]), (call as unknown[])[2]])).toEqual([
        [expect.stringContaining('its router-dispatch step failed (TypeError: bad layer)'), PULYA_FALLBACK],
        [expect.stringContaining('its etag-memo step failed (42)'), PULYA_FALLBACK]
      ])
    } finally {
      warn.mockRestore()
    }
  })
})
