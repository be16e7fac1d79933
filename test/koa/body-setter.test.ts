/**
 * src/koa/body-setter.ts: on which apps the body setter is installed, and what is left to Koa.
 * (The answers themselves are compared with vanilla in responses.test.ts.)
 */
import { afterAll, describe, expect, it } from 'vitest'
import { createServer as createH2Server, connect, type ClientHttp2Session } from 'node:http2'
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { prepareKoaBody } from '../../src/koa/body-setter.js'
import { pulya } from '../../src/koa/index.js'
import { KOA_HOSTS, type KoaClass } from '../helpers/hosts.js'

const require = createRequire(import.meta.url)

describe.each(KOA_HOSTS)('$name', ({ Koa }) => {
  it('gets a body setter on app.response, once', () => {
    const app = new Koa()
    expect(prepareKoaBody(app)).toBe(true)
    expect(Object.hasOwn(app.response, 'body')).toBe(true)
    expect(prepareKoaBody(app)).toBe(false)
  })

  it('keeps Koa\'s body setter where app.response has its own accessors or is not Koa\'s', () => {
    const own = new Koa()
    Object.defineProperty(own.response, 'length', { set: () => undefined })
    expect(prepareKoaBody(own)).toBe(false)
    expect(prepareKoaBody({ response: null })).toBe(false)
    expect(prepareKoaBody({ response: Object.create(null) as object })).toBe(false)
    // Another version's setter on Koa's response.
    const koaResponse = Object.getPrototypeOf(new Koa().response) as object
    const other = Object.create(koaResponse, { body: { set: function setBody(): void { /* another version */ }, get: () => undefined } }) as object
    expect(prepareKoaBody({ response: Object.create(other) as object })).toBe(false)
    // Koa's own functions on an object no loaded module exports (a bundle).
    const copy = Object.create(Object.getPrototypeOf(koaResponse) as object, Object.getOwnPropertyDescriptors(koaResponse)) as object
    expect(prepareKoaBody({ response: Object.create(copy) as object })).toBe(false)
  })

  it('answers HTTP/2 requests as vanilla (the status code is the default body there)', async () => {
    const answers: string[][] = []
    for (const withPulya of [false, true]) {
      const app = new Koa()
      if (withPulya) app.use(pulya())
      app.use((ctx, next) => {
        if (ctx.path === '/json') ctx.body = { h2: true }
        if (ctx.path === '/text') ctx.body = 'h2 text'
        return next()
      })
      const server = createH2Server(app.callback() as unknown as Parameters<typeof createH2Server>[0])
      await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve) })
      const session = connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
      const seen: string[] = []
      // Twice: the first request of an app is where pulya prepares it.
      for (const path of ['/missing', '/json', '/text', '/json', '/text']) seen.push(await h2Get(session, path))
      answers.push(seen)
      session.close()
      await new Promise((resolve) => { server.close(resolve) })
    }
    expect(answers[1]).toEqual(answers[0])
    expect(answers[0]?.[0]).toContain('404')
  })
})

function h2Get(session: ClientHttp2Session, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':path': path })
    let head = ''
    let body = ''
    stream.on('response', (headers) => {
      head = Object.entries(headers).filter(([name]) => name !== 'date').map(([name, value]) => `${name}: ${String(value)}`).join('\n')
    })
    stream.setEncoding('utf8')
    stream.on('data', (chunk: string) => { body += chunk })
    stream.on('end', () => { resolve(`${head}\n\n${body}`) })
    stream.on('error', reject)
    stream.end()
  })
}

describe('a copy of Koa 3 whose response.js differs keeps Koa\'s setter', () => {
  const koaDir = dirname(dirname(require.resolve('koa/lib/application.js')))
  const copies: string[] = []
  afterAll(() => { for (const dir of copies) rmSync(dir, { recursive: true, force: true }) })

  /** A copy of the installed Koa 3 next to it (so its dependencies resolve), with response.js edited. */
  function koaCopy(name: string, edit: (text: string) => string): KoaClass {
    const dir = join(koaDir, '..', `.pulya-test-koa-${process.pid}-${name}`)
    cpSync(koaDir, dir, { recursive: true })
    copies.push(dir)
    const path = join(dir, 'lib', 'response.js')
    writeFileSync(path, edit(readFileSync(path, 'utf8')))
    return require(join(dir, 'lib', 'application.js')) as KoaClass
  }

  it.each([
    ['unchanged', (text: string): string => text, true],
    ['response.has edited', (text: string): string => text.replace('  has (field) {\n', '  has (field) {\n    // edited\n'), false]
  ])('%s', (name, edit, installed) => {
    const Copy = koaCopy(name.replace(/\W+/g, '-'), edit)
    expect(prepareKoaBody(new Copy())).toBe(installed)
  })
})
