/**
 * A NestJS 11 app on pulya: `PulyaExpressAdapter` in place of `ExpressAdapter`, Prometheus
 * metrics at `/metrics` labelled with Nest's full route templates. `npm run example:nest`
 * compiles it (Nest reads decorator metadata) and starts it on port 3000 (or `PORT`).
 */
import 'reflect-metadata'
import { pathToFileURL } from 'url'
import {
  Controller,
  Get,
  Injectable,
  Module,
  NotFoundException,
  Param,
  ParseIntPipe,
  VersioningType,
  type INestApplication,
  type NestApplicationOptions
} from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import type { Express } from 'express'
import { PulyaExpressAdapter } from 'pulya/nest'

interface User {
  readonly id: number
  readonly name: string
}

@Injectable()
export class UsersService {
  private readonly users: readonly User[] = [
    { id: 1, name: 'Ada' },
    { id: 2, name: 'Grace' }
  ]

  find(id: number): User {
    const user = this.users.find((candidate) => candidate.id === id)
    if (user === undefined) throw new NotFoundException(`user ${id} not found`)
    return user
  }
}

@Controller({ path: 'users', version: '1' })
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get(':id')
  one(@Param('id', ParseIntPipe) id: number): User {
    return this.users.find(id)
  }
}

@Controller('health')
export class HealthController {
  @Get()
  health(): string {
    return 'ok'
  }
}

@Module({ controllers: [UsersController, HealthController], providers: [UsersService] })
export class AppModule {}

/** The app, ready to listen: `/api/v1/users/:id`, `/api/health` and `/metrics`. */
export async function createApp(): Promise<{ app: INestApplication; adapter: PulyaExpressAdapter }> {
  const adapter = new PulyaExpressAdapter({ metrics: true })
  const options: Pick<NestApplicationOptions, 'logger'> = { logger: ['error', 'warn'] }
  const app = await NestFactory.create(AppModule, adapter, options)
  app.setGlobalPrefix('api')
  app.enableVersioning({ type: VersioningType.URI })
  // Before listen(): init() ends with Nest's 404 handler.
  adapter.getInstance<Express>().get('/metrics', adapter.metricsHandler())
  return { app, adapter }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { app } = await createApp()
  const port = Number(process.env['PORT'] ?? 3000)
  await app.listen(port, '127.0.0.1')
  console.log(`Nest on pulya: http://127.0.0.1:${port}/api/v1/users/1, metrics at /metrics`)
}
