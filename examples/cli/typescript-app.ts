// A TypeScript app for `pulya check ./typescript-app.ts` (test/cli/cli.test.ts): loaded through tsx
// when it is installed. An enum and a typed handler: syntax Node's type stripping alone refuses.
import express, { type Request, type Response } from 'express'

enum Level {
  Low = 1,
  High = 2
}

const app = express()
app.get('/levels/:name', (req: Request<{ name: string }>, res: Response) => {
  res.json({ name: req.params.name, level: req.params.name === 'high' ? Level.High : Level.Low })
})
export default app
