/**
 * src/koa/responses/body-setter.ts: which apps get pulya's `body` accessor on `app.response`, and
 * which keep Koa's. (What it writes is compared with vanilla in differential.test.ts.)
 */
import { afterAll, describe, expect, it } from 'vitest'
import { prepareKoaBody } from '../../../src/koa/responses/body-setter.js'
import { KOA_HOSTS, type KoaClass } from '../../helpers/hosts.js'
import { koaCopy, removeKoaCopies } from './_koa-copy.js'

/** Koa's own response module of `Koa` (the prototype of every app's `app.response`). */
function koaResponseOf(Koa: KoaClass): object {
  return Object.getPrototypeOf(new Koa().response) as object
}

describe.each(KOA_HOSTS)('$name', ({ Koa }) => {
  it("gets a body accessor on app.response (the getter Koa's), once", () => {
    const app = new Koa()
    expect(prepareKoaBody(app)).toBe(true)
    const getterOf = (object: object): unknown =>
      Reflect.get(Object.getOwnPropertyDescriptor(object, 'body') ?? {}, 'get')
    expect(getterOf(app.response)).toBe(getterOf(koaResponseOf(Koa)))
    expect(prepareKoaBody(app)).toBe(false)
  })

  it.each([
    [
      'an own length setter on app.response',
      (): object => {
        const app = new Koa()
        Object.defineProperty(app.response, 'length', { set: () => undefined })
        return app
      }
    ],
    ['no response', (): object => ({ response: null })],
    ['a response without a prototype', (): object => ({ response: Object.create(null) as object })],
    [
      "another version's setter on Koa's response",
      (): object => {
        const other = Object.create(koaResponseOf(Koa), {
          body: {
            set: function setBody(): void {
              /* another version */
            },
            get: () => undefined
          }
        }) as object
        return { response: Object.create(other) as object }
      }
    ],
    [
      "Koa's own functions on an object no loaded module exports (a bundle)",
      (): object => {
        const koaResponse = koaResponseOf(Koa)
        const copy = Object.create(
          Object.getPrototypeOf(koaResponse) as object,
          Object.getOwnPropertyDescriptors(koaResponse)
        ) as object
        return { response: Object.create(copy) as object }
      }
    ]
  ])("keeps Koa's setter for %s", (_name, app) => {
    expect(prepareKoaBody(app())).toBe(false)
  })
})

describe('a copy of Koa 3 whose response module differs', () => {
  afterAll(removeKoaCopies)

  it.each([
    ['unchanged', (_file: string, text: string): string => text, true],
    [
      'response.has edited (an accessor the setter reads directly)',
      (file: string, text: string): string =>
        file === 'response.js' ? text.replace('  has (field) {\n', '  has (field) {\n    // edited\n') : text,
      false
    ],
    [
      'the body setter edited',
      (file: string, text: string): string =>
        file === 'response.js'
          ? text.replace('  set body (val) {\n', '  set body (val) {\n    // edited\n')
          : text,
      false
    ]
  ])('%s', (_name, edit, installed) => {
    const { Koa: Copy } = koaCopy(edit)
    expect(prepareKoaBody(new Copy())).toBe(installed)
  })
})
