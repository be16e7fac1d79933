// Types of koa.mjs for the tests (test/bench/realistic.test.ts).
export function createRealisticKoaApp(
  Koa: unknown,
  first: unknown,
  Router?: unknown
): { callback(): import('node:http').RequestListener }
