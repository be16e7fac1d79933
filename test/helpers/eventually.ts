/**
 * Polling for state a server reaches after the client has its answer: a request finished
 * after an abort, a metrics recorder that has seen every request.
 * @module
 */

/**
 * Waits until `check` holds, polling every 5 ms; throws when it does not within `timeoutMs`. The
 * default is generous: on a loaded 2-core machine a server can take a second to see a socket close.
 */
export async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > until) throw new Error(`not reached within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
