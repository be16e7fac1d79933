/**
 * What the fault suites of both hosts share: the events a request and its response emit, in
 * order, recorded per request on each side and compared with vanilla's once every response has
 * closed; and a faulty APM hook.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { expect } from 'vitest'
import { eventually } from '../helpers/eventually.js'

const REQUEST_EVENTS = ['aborted', 'error', 'close'] as const
const RESPONSE_EVENTS = ['finish', 'error', 'close'] as const

/** One line per finished request: `METHOD /url: req:… res:…`, each event in its order. */
export class EventLog {
  readonly lines: string[] = []
  /** Requests whose events are being recorded. */
  started = 0

  /** Records the events of `req` and `res` until the response closes (and one turn after). */
  watch(req: IncomingMessage, res: ServerResponse): void {
    this.started++
    const events: string[] = []
    // As it arrived: routing trims and restores `req.url` along the way.
    const target = `${String(req.method)} ${String(req.url)}`
    for (const name of REQUEST_EVENTS) {
      req.on(name, (error?: Error) => {
        events.push(`req:${name}${name === 'error' ? `(${String(error?.message)})` : ''}`)
      })
    }
    for (const name of RESPONSE_EVENTS) {
      res.on(name, (error?: Error) => {
        events.push(`res:${name}${name === 'error' ? `(${String(error?.message)})` : ''}`)
        // Events that follow the response's close on the same request come within a turn.
        if (name === 'close') {
          setImmediate(() => {
            this.lines.push(`${target}: ${events.join(' ')}`)
          })
        }
      })
    }
  }
}

/** Waits until each side's log has every request it started, then expects pulya's to be vanilla's (order-free). */
export async function expectSameEvents(vanilla: EventLog, pulya: EventLog): Promise<void> {
  await eventually(() => vanilla.lines.length === vanilla.started && pulya.lines.length === pulya.started)
  expect([...pulya.lines].sort()).toEqual([...vanilla.lines].sort())
}

/** Makes `res.end` throw once, as a faulty APM hook would, then be Node's own again. */
export function endThrowsOnce(res: ServerResponse): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse
  let thrown = false
  res.end = function endOfAnAgent(...args: unknown[]): ServerResponse {
    if (!thrown) {
      thrown = true
      throw new Error('the agent hook threw')
    }
    return end(...args)
  } as ServerResponse['end']
}
