/**
 * Helpers the two example apps share: simulated I/O, so each route has its own latency profile
 * and the per-route p99 in Prometheus has something to show, and the "run directly?" check.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { pathToFileURL } from 'node:url'

/** Waits between `min` and `max` milliseconds (uniform), as a database call would. */
export function simulateIo(min, max) {
  return sleep(min + Math.random() * (max - min))
}

/** True when the module at `importMetaUrl` is the script node was started with. */
export function isMain(importMetaUrl) {
  return process.argv[1] !== undefined && importMetaUrl === pathToFileURL(process.argv[1]).href
}

/** The port from the environment variable `name`, or `fallback` (0: any free port). */
export function portFrom(name, fallback) {
  const port = Number(process.env[name] ?? fallback)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new TypeError(`${name} must be a TCP port, got ${process.env[name]}`)
  return port
}
