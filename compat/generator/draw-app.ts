/**
 * Draws a random Express app as plain data: nested routers (up to depth 3), sub-apps,
 * routers mounted at several paths, every path syntax of the major, regex routes,
 * routing settings (also changed mid-registration), router options, `app.param`, and
 * handlers that respond, call every form of `next`, throw, reject or rewrite `req.url`.
 * @module
 */
import type { Random } from '../mulberry32.js'
import { drawPath, LITERALS, PARAM_NAMES } from './paths.js'
import type { AppSpec, HandlerSpec, LayerSpec, Major, PathSpec, SettingsSpec } from './spec.js'

const METHODS = [
  'get',
  'get',
  'get',
  'post',
  'put',
  'delete',
  'patch',
  'all',
  'head',
  'options',
  'propfind'
] as const
const RESPONSES = [
  'json',
  'json',
  'json',
  'text',
  'created',
  'empty',
  'redirect',
  'header',
  'buffer'
] as const
const MAX_DEPTH = 3

interface Context {
  readonly random: Random
  readonly major: Major
  /** Layers left to draw for the whole app, so apps stay small enough to run fast. */
  budget: number
}

function drawHandler(ctx: Context, terminal: boolean): HandlerSpec {
  const { random } = ctx
  const roll = random.int(100)
  if (terminal && roll < 60) return { do: 'respond', as: random.pick(RESPONSES) }
  if (roll < 12) return { do: 'maybe' }
  if (roll < 50) return { do: 'next' }
  if (roll < 60) return { do: 'next-route' }
  if (roll < 66) return { do: 'next-router' }
  if (roll < 74) return { do: 'next-error', status: random.pick([null, 400, 404, 418, 503]) }
  if (roll < 80) return { do: 'throw' }
  // Express 4 ignores returned promises: a rejection there is an unhandled rejection
  // and a request that never ends, in vanilla as in pulya.
  if (roll < 85 && ctx.major === 5) return { do: 'reject' }
  if (roll < 93)
    return {
      do: 'rewrite',
      to: `/${random.pick(LITERALS)}${random.chance(0.5) ? `/${random.pick(LITERALS)}` : ''}${random.chance(0.2) ? '?r=1' : ''}`
    }
  return { do: 'respond', as: random.pick(RESPONSES) }
}

/**
 * @param canEnd - route handlers may end in a response; middlewares mostly pass on
 * (or answer only some URLs), or the first path-less one would swallow every request
 */
function drawHandlers(ctx: Context, canEnd: boolean): HandlerSpec[] {
  const count = 1 + ctx.random.int(3)
  return Array.from({ length: count }, (_, i) => drawHandler(ctx, canEnd && i === count - 1))
}

function drawSettings(random: Random, chance: number): SettingsSpec {
  return {
    caseSensitive: random.chance(chance),
    strict: random.chance(chance),
    queryParser: random.chance(chance) ? random.pick(['simple', 'extended', false] as const) : null
  }
}

function drawMounts(ctx: Context): PathSpec[] {
  const count = ctx.random.chance(0.25) ? 2 : 1
  return Array.from({ length: count }, () => drawPath(ctx.random, ctx.major, true))
}

function drawParams(random: Random): string[] {
  return random.chance(0.3) ? [random.pick(PARAM_NAMES.filter((name) => name !== 'constructor'))] : []
}

function drawLayer(ctx: Context, depth: number, inSubApp: boolean): LayerSpec {
  const { random, major } = ctx
  ctx.budget--
  const roll = random.int(100)
  if (roll < 14 && depth < MAX_DEPTH && ctx.budget > 2) {
    return {
      type: 'router',
      mounts: drawMounts(ctx),
      options: {
        caseSensitive: random.chance(0.2),
        strict: random.chance(0.2),
        mergeParams: random.chance(0.4)
      },
      params: drawParams(random),
      layers: drawLayers(ctx, depth + 1, inSubApp)
    }
  }
  if (roll < 19 && depth < MAX_DEPTH && ctx.budget > 2 && !inSubApp) {
    return {
      type: 'subapp',
      mounts: drawMounts(ctx),
      settings: drawSettings(random, 0.2),
      params: drawParams(random),
      layers: drawLayers(ctx, depth + 1, true)
    }
  }
  if (roll < 34) {
    const path = random.chance(0.4) ? null : drawPath(random, major, true)
    return { type: 'use', path, handlers: drawHandlers(ctx, path !== null && random.chance(0.5)) }
  }
  if (roll < 42)
    return {
      type: 'error',
      path: random.chance(0.7) ? null : drawPath(random, major, true),
      mode: random.pick(['respond', 'pass', 'recover'] as const)
    }
  if (roll < 48) {
    const methods = [random.pick(METHODS), random.pick(METHODS)]
    return {
      type: 'chain',
      path: drawPath(random, major, false),
      methods: methods.map((method) => ({ method, handlers: drawHandlers(ctx, true) }))
    }
  }
  if (roll < 50 && depth === 0) return { type: 'settings', settings: drawSettings(random, 0.5) }
  return {
    type: 'route',
    method: random.pick(METHODS),
    path: drawPath(random, major, false),
    handlers: drawHandlers(ctx, true)
  }
}

function drawLayers(ctx: Context, depth: number, inSubApp: boolean): LayerSpec[] {
  const count = 1 + ctx.random.int(depth === 0 ? 10 : 5)
  const layers: LayerSpec[] = []
  for (let i = 0; i < count && ctx.budget > 0; i++) layers.push(drawLayer(ctx, depth, inSubApp))
  return layers
}

/**
 * Draws one app for `major` from `seed`; the same pair always gives the same app.
 *
 * @param random - the seeded source (seeded with `seed`)
 * @param seed - recorded in the spec for the report
 * @param major - the Express major whose syntax and behaviour to use
 * @param requests - how many requests the scenario will send (to place a late route)
 * @example
 * const spec = drawApp(createRandom(7), 7, 5, 50)
 */
export function drawApp(random: Random, seed: number, major: Major, requests: number): AppSpec {
  const ctx: Context = { random, major, budget: 24 }
  const layers = drawLayers(ctx, 0, false)
  // A catch-all answers with the whole trace of a request that fell through every
  // layer: more to compare than a 404 page.
  if (random.chance(0.5)) layers.push({ type: 'use', path: null, handlers: [{ do: 'respond', as: 'json' }] })
  if (random.chance(0.5)) layers.push({ type: 'error', path: null, mode: 'respond' })
  return {
    seed,
    major,
    env: random.pick(['development', 'production', 'test'] as const),
    settings: drawSettings(random, 0.3),
    params: drawParams(random),
    layers,
    late: random.chance(0.2)
      ? { afterRequest: random.int(requests), layer: drawLayer({ random, major, budget: 4 }, 0, false) }
      : null,
    inject: random.pick(['first', 'first', 'first', 0, 'last', random.int(6)] as const),
    server: random.pick(['http', 'listen', 'pulya'] as const)
  }
}
