import { afterEach, describe, expect, it } from 'vitest'
import { armFault, fault, FAULT_POINTS, InjectedFault } from '../../src/core/fault-points.js'

describe('fault points', () => {
  afterEach(() => {
    armFault(null)
  })

  it('does nothing until armed', () => {
    for (const point of FAULT_POINTS)
      expect(() => {
        fault(point)
      }).not.toThrow()
  })

  it.each(FAULT_POINTS)('%s, armed, throws its own InjectedFault; the others stay quiet', (point) => {
    armFault(point)
    expect(() => {
      fault(point)
    }).toThrow(new InjectedFault(point))
    for (const other of FAULT_POINTS)
      if (other !== point)
        expect(() => {
          fault(other)
        }).not.toThrow()
    armFault(null)
    expect(() => {
      fault(point)
    }).not.toThrow()
  })
})
