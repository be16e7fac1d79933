/** The last lines of a child's stderr, across chunks that split lines. */
import { describe, expect, it } from 'vitest'
import { StderrTail, TAIL_LINES } from '../../src/cli/stderr-tail.js'

describe('StderrTail', () => {
  it('joins lines split across chunks, keeps the unfinished last one, leaves blank ones out', () => {
    const tail = new StderrTail()
    tail.write('Error: bo')
    tail.write(Buffer.from('om\n\n    at x\n  '))
    tail.write('exit')
    expect(tail.tail()).toEqual(['Error: boom', '    at x', '  exit'])
  })

  it(`keeps the last ${TAIL_LINES} lines`, () => {
    const tail = new StderrTail()
    for (let i = 1; i <= 30; i++) tail.write(`line ${i}\n`)
    expect(tail.tail()).toEqual(
      Array.from({ length: TAIL_LINES }, (_, i) => `line ${30 - TAIL_LINES + 1 + i}`)
    )
    expect(new StderrTail().tail()).toEqual([])
  })
})
