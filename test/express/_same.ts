/**
 * The differential step the Express routing and install tests share: the same app built vanilla
 * and with pulya, the same requests sent to both, every answer compared.
 */
import type { Express, Request, Response } from 'express'
import { pulya } from '../../src/express/index.js'
import type { ExpressFactory } from '../helpers/hosts.js'
import {
  ERROR_PAGES,
  expectSame,
  serveExpress,
  sides,
  type DiffStep,
  type StepResult
} from '../helpers/differential.js'

/** Adds the app's routes (and anything else it needs) to an app of `express`. */
export type Build = (express: ExpressFactory, app: Express) => void

/** Builds `build` vanilla and with `install`, sends `steps` in order to each, compares. */
export async function same(
  express: ExpressFactory,
  build: Build,
  steps: DiffStep[],
  install: (app: Express) => void = (app) => {
    app.use(pulya())
  }
): Promise<StepResult[]> {
  const vanilla = express()
  build(express, vanilla)
  const accelerated = express()
  install(accelerated)
  build(express, accelerated)
  return await expectSame(sides(serveExpress, vanilla, { pulya: accelerated }), steps, ERROR_PAGES)
}

/** `count` routes `${prefix}<i>/:id` answering with what Express gave them. */
export function table(app: Express, count: number, prefix = '/r'): void {
  for (let i = 0; i < count; i++) {
    app.get(`${prefix}${i}/:id`, (req: Request, res: Response) => {
      res.json({ i, params: req.params, url: req.url, base: req.baseUrl })
    })
  }
}
