/**
 * examples/nest (what `npm run example:nest` starts): the app answers through
 * `PulyaExpressAdapter` and its `/metrics` carry Nest's route templates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileURLToPath, pathToFileURL } from 'node:url'
import request from 'supertest'
import ts from 'typescript'
import type { INestApplication } from '@nestjs/common'
import type { Server } from 'node:http'
import { buildIfNeeded } from './helpers/build.js'
import { compileNestApp } from './nest/_nest.js'

let app: INestApplication
let server: Server

beforeAll(async () => {
  // The example imports `pulya/nest` as a user does: the package's own build.
  await buildIfNeeded()
  const file = compileNestApp(
    fileURLToPath(new URL('../examples/nest/app.ts', import.meta.url)),
    fileURLToPath(new URL('../examples/nest/build/app.js', import.meta.url)),
    ts.ModuleKind.ES2022
  )
  const example = (await import(pathToFileURL(file).href)) as {
    createApp(): Promise<{ app: INestApplication }>
  }
  ;({ app } = await example.createApp())
  await app.listen(0, '127.0.0.1')
  server = app.getHttpServer() as Server
}, 120_000)

afterAll(async () => {
  await app.close()
})

describe('examples/nest', () => {
  it('answers through PulyaExpressAdapter, metrics labelled with Nest’s templates', async () => {
    await request(server).get('/api/v1/users/2').expect(200, { id: 2, name: 'Grace' })
    await request(server).get('/api/v1/users/9').expect(404)
    await request(server).get('/api/health').expect(200, 'ok')
    const metrics = await request(server).get('/metrics').expect(200)
    expect(metrics.text).toContain('route="/api/v1/users/:id",status_code="200"')
  })
})
