// Types of express.mjs for the tests (test/bench/realistic.test.ts).
import type { RequestListener } from 'node:http'
export const RATE_LIMIT: number
export function createRealisticExpressApp(express: unknown, first: unknown): Promise<RequestListener>
