/**
 * The NestJS majors under test, each from its own workspace (test/fixtures/nestNN, installed by
 * the root `npm ci`), with the fixture app (test/fixtures/nest-app/app.ts) compiled into it:
 * Nest reads constructor and parameter types from decorator metadata, which vitest's transform
 * does not emit, so the app is compiled with TypeScript's own emitter and loaded with Node's
 * `require` from the workspace, where `@nestjs/*` resolve to that major.
 * @module
 */
import { createRequire } from 'node:module'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import type { Server } from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import type { INestApplication, NestApplicationOptions } from '@nestjs/common'
import type { NestFactory as NestFactoryStatic } from '@nestjs/core'
import type { ExpressAdapter as ExpressAdapterType } from '@nestjs/platform-express'
import { pulyaAdapterClass, type PulyaAdapterClass } from '../../src/nest/index.js'

/** How the fixture app versions its routes (its `configure`); each serves the same controllers. */
export type Versioning = 'uri' | 'header' | 'media-type'

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url))

/** One Nest major: its factory, its `ExpressAdapter`, pulya's adapter on top of it, the app. */
export interface NestHost {
  readonly name: string
  readonly major: number
  readonly NestFactory: typeof NestFactoryStatic
  readonly ExpressAdapter: typeof ExpressAdapterType
  readonly PulyaExpressAdapter: PulyaAdapterClass<typeof ExpressAdapterType>
  readonly AppModule: Parameters<typeof NestFactoryStatic.create>[0]
  readonly configure: (app: INestApplication, versioning: Versioning) => void
}

/**
 * Compiles the Nest app `source` to `file` with decorator metadata, as `tsc` with
 * `emitDecoratorMetadata` does (written whole, then renamed: test files run in parallel).
 */
export function compileNestApp(source: string, file: string, module: ts.ModuleKind): string {
  const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), {
    compilerOptions: {
      module,
      target: ts.ScriptTarget.ES2022,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      esModuleInterop: true
    }
  })
  mkdirSync(path.dirname(file), { recursive: true })
  const partial = `${file}.${process.pid}.${String(Math.random()).slice(2)}`
  writeFileSync(partial, outputText)
  renameSync(partial, file)
  return file
}

/** Nest `major` from its workspace, with the fixture app compiled against it. */
export function nestHost(major: 10 | 11 | 12): NestHost {
  const file = compileNestApp(
    path.join(FIXTURES, 'nest-app', 'app.ts'),
    path.join(FIXTURES, `nest${major}`, 'build', 'app.cjs'),
    ts.ModuleKind.CommonJS
  )
  const require = createRequire(file)
  const core = require('@nestjs/core') as { NestFactory: typeof NestFactoryStatic }
  const platform = require('@nestjs/platform-express') as { ExpressAdapter: typeof ExpressAdapterType }
  const app = require(file) as Pick<NestHost, 'AppModule' | 'configure'>
  return {
    name: `nest@${major}`,
    major,
    NestFactory: core.NestFactory,
    ExpressAdapter: platform.ExpressAdapter,
    PulyaExpressAdapter: pulyaAdapterClass(platform.ExpressAdapter),
    AppModule: app.AppModule,
    configure: app.configure
  }
}

/** What the tests pass to `NestFactory.create` besides the logger. */
export type AppOptions = Pick<
  NestApplicationOptions,
  'httpsOptions' | 'bodyParser' | 'rawBody' | 'forceCloseConnections'
>

/** Nest 10 (Express 4), 11 (Express 5.2) and 12 (Express 5.3). */
export const NEST_MAJORS = [10, 11, 12] as const

/**
 * The fixture app on `adapter`, configured with `versioning`, initialised and listening on
 * 127.0.0.1: its server, as the differential runner takes it.
 */
export async function serveNest(
  host: NestHost,
  adapter: object,
  versioning: Versioning,
  options: AppOptions = {}
): Promise<Server> {
  const app = await startNest(host, adapter, versioning, options)
  return app.getHttpServer() as Server
}

/** The fixture app on `adapter`, created (not yet initialised), logging nothing. */
export async function createNest(
  host: NestHost,
  adapter: object,
  options: AppOptions = {}
): Promise<INestApplication> {
  const settings: AppOptions & { logger: false } = { ...options, logger: false }
  return await host.NestFactory.create(host.AppModule, adapter as ExpressAdapterType, settings)
}

/** The fixture app on `adapter`, configured and listening on 127.0.0.1. */
export async function startNest(
  host: NestHost,
  adapter: object,
  versioning: Versioning,
  options: AppOptions = {}
): Promise<INestApplication> {
  const app = await createNest(host, adapter, options)
  host.configure(app, versioning)
  await app.listen(0, '127.0.0.1')
  return app
}
