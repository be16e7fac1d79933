/**
 * Generated differential scenarios: a seed and an Express major give an app, the
 * requests sent to it, and a description that reproduces it.
 * @module
 */
import type { Express } from 'express'
import type { Host } from '../cases/_types.js'
import { normalizeStackFrames, type DiffOptions, type DiffStep } from '../differential.js'
import { createRandom } from '../mulberry32.js'
import { buildApp, registerLate } from './build-app.js'
import { describeApp } from './describe-app.js'
import { drawApp } from './draw-app.js'
import { drawRequests } from './draw-requests.js'
import type { AppSpec, Major } from './spec.js'

export type { AppSpec, Major } from './spec.js'

/** Everything needed to run, and to reproduce, one generated case. */
export interface Scenario {
  readonly spec: AppSpec
  /** The app as Express code, for reports. */
  readonly description: string
  readonly build: (host: Host) => Express
  readonly steps: readonly DiffStep[]
  readonly options: DiffOptions
}

/**
 * Generates the scenario for `seed` on `major`: deterministic, so a seed printed by a
 * failing run reproduces it exactly.
 *
 * @param seed - the seed (the app and the requests come from one sequence)
 * @param major - 4 or 5
 * @param requests - how many requests to send
 * @example
 * const s = generateScenario(12, 5, 50)
 * const report = await runDifferential(express, s.build, s.steps, s.options)
 */
export function generateScenario(seed: number, major: Major, requests: number): Scenario {
  const random = createRandom(seed * 2 + (major === 4 ? 0 : 1))
  const spec = drawApp(random, seed, major, requests)
  const steps: DiffStep[] = drawRequests(random, spec, requests)
  // The late layer is registered with the host that built the app it goes into.
  const hosts = new WeakMap<Express, Host>()
  if (spec.late !== null) {
    steps.splice(spec.late.afterRequest, 0, {
      action: `register the late layer after request ${spec.late.afterRequest}`,
      run: (app) => {
        const host = hosts.get(app)
        if (host === undefined) throw new Error('generator: late layer for an app it did not build')
        registerLate(host, spec, app)
      }
    })
  }
  return {
    spec,
    description: describeApp(spec),
    build: (host) => {
      const app = buildApp(host, spec)
      hosts.set(app, host)
      return app
    },
    steps,
    // Errors raised by Express itself carry real stacks; their frames below the throw
    // site belong to the dispatcher (user errors here have fixed stacks anyway).
    options: { inject: spec.inject, normalize: normalizeStackFrames, server: spec.server }
  }
}
