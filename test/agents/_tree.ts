/**
 * Span trees as the agent tests compare them, and the one difference allowed on Koa: pulya's
 * own middleware span, which is lifted out (its children take its place) and counted.
 * @module
 */
import { expect } from 'vitest'

export interface Tree<T> {
  children: T[]
}

/** Replaces every span `isPulya` picks by its children, counting how many it lifted. */
function liftSpans<T extends Tree<T>>(
  spans: T[],
  isPulya: (span: T) => boolean,
  lifted: { count: number }
): T[] {
  return spans.flatMap((span) => {
    const children = liftSpans(span.children, isPulya, lifted)
    if (isPulya(span)) {
      lifted.count++
      return children
    }
    return [{ ...span, children }]
  })
}

/** How many spans the trees hold. */
function countSpans<T extends Tree<T>>(spans: T[]): number {
  return spans.reduce((sum, span) => sum + 1 + countSpans(span.children), 0)
}

/** Every value `read` gives for the spans of the trees, depth first. */
export function collect<T extends Tree<T>, V>(spans: T[], read: (span: T) => V): V[] {
  return spans.flatMap((span) => [read(span), ...collect(span.children, read)])
}

/**
 * Koa under pulya: the traces equal vanilla's once pulya's spans are lifted out. `requests`
 * spans are expected when pulya stands before the routers (every request passes it); placed
 * last (`requests` null), only the requests no router answered pass it.
 */
export function expectSameButPulya<T extends Tree<T>>(
  accelerated: T[],
  vanilla: T[],
  isPulya: (span: T) => boolean,
  requests: number | null
): void {
  const lifted = { count: 0 }
  const traces = liftSpans(accelerated, isPulya, lifted)
  if (requests === null) expect(lifted.count).toBeGreaterThan(0)
  else expect(lifted.count).toBe(requests)
  expect(countSpans(accelerated)).toBe(countSpans(vanilla) + lifted.count)
  expect(traces).toEqual(vanilla)
}
