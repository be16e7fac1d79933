/** The progress bar: on a terminal only, redrawn on one line, ended at the total. */
import { describe, expect, it } from 'vitest'
import { progressBar } from '../../src/cli/progress.js'

describe('progressBar', () => {
  it('redraws one line cut to the terminal width, and ends it at the total', () => {
    const written: string[] = []
    const bar = progressBar({ isTTY: true, columns: 30, write: (text: string) => written.push(text) })
    bar(1, 4, 'GET /users/1 and a long label')
    bar(4, 4, 'done')
    expect(written).toEqual([
      '\r\x1b[K[######..................] 1/',
      '\r\x1b[K[########################] 4/\n'
    ])
  })

  it('a terminal that reports no width gets 100 columns; a total of 0 is done', () => {
    const written: string[] = []
    progressBar({ isTTY: true, columns: 0, write: (text: string) => written.push(text) })(0, 0, 'x')
    expect(written).toEqual(['\r\x1b[K[........................] 0/0 x\n'])
  })

  it('writes nothing where stderr is not a terminal', () => {
    const quiet: string[] = []
    progressBar({ write: (text: string) => quiet.push(text) })(1, 2, 'x')
    expect(quiet).toEqual([])
  })
})
