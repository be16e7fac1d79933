/**
 * Polling for state a server reaches after the client has its answer: a request finished
 * after an abort, a metrics recorder that has seen every request.
 * @module
 */

/** Waits until `check` holds, polling every 5 ms; throws when it does not within `timeoutMs`. */
export async function eventually(check: () => boolean, timeoutMs = 1000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > until) throw new Error(`not reached within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
