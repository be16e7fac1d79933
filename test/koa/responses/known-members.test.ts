/**
 * src/koa/responses/known-members.ts: a Koa module's functions named as the known-sources table
 * names them, and looked up there.
 */
import { describe, expect, it } from 'vitest'
import { allKnown, hasOwnAny, knownAs, memberOf } from '../../../src/koa/responses/known-members.js'
import { KOA_HOSTS, type KoaClass } from '../../helpers/hosts.js'

const [{ Koa: Koa2 }, { Koa: Koa3 }] = KOA_HOSTS as unknown as [{ Koa: KoaClass }, { Koa: KoaClass }]

/** Koa's own response module (the prototype of every app's `app.response`). */
function koaResponseOf(Koa: KoaClass): object {
  return Object.getPrototypeOf(new Koa().response) as object
}

const response3 = koaResponseOf(Koa3)
const body3: object = Object.getOwnPropertyDescriptor(response3, 'body') ?? {}

describe('memberOf', () => {
  it.each([
    ['a method', 'has', Reflect.get(response3, 'has')],
    ["an accessor's getter", 'get body', Reflect.get(body3, 'get')],
    ["an accessor's setter", 'set body', Reflect.get(body3, 'set')],
    ['an accessor the module does not have', 'get nothing', undefined]
  ])('reads %s: %s', (_kind, name, expected) => {
    expect(memberOf(response3, name)).toBe(expected)
  })
})

describe('knownAs', () => {
  it.each([
    ['Koa 2', Koa2, 'set body', 'koa-2'],
    ['Koa 3', Koa3, 'set body', 'koa-3'],
    ['Koa 3', Koa3, 'get body', 'known'],
    ['Koa 3', Koa3, 'set', 'known']
  ])("gives what the table says of %s's %s", (_host, Koa, name, meaning) => {
    expect(knownAs(name, memberOf(koaResponseOf(Koa), name))).toBe(meaning)
  })

  it('knows no other text, and nothing that is not a function', () => {
    expect(knownAs('set body', () => undefined)).toBeUndefined()
    expect(knownAs('set body', undefined)).toBeUndefined()
  })
})

describe('allKnown', () => {
  it.each([
    ["Koa 3's texts of Koa 3", ['get body', 'set status', 'has'], 'koa-3', true],
    ['texts the same on every major', ['get body', 'has'], 'koa-2', true],
    ["a text of Koa 3's own, for Koa 2", ['get body', 'set status'], 'koa-2', false],
    ['a name the module has no known text for', ['get body', 'set nothing'], 'koa-3', false]
  ] as const)('%s: %s', (_case, names, major, expected) => {
    expect(allKnown(response3, names, major)).toBe(expected)
  })
})

describe('hasOwnAny', () => {
  it.each([
    ['an own property of one name', { has: 1 }, true],
    ['an inherited one only', Object.create({ has: 1 }) as object, false],
    ['none', {}, false]
  ])('%s', (_case, object, expected) => {
    expect(hasOwnAny(object, ['body', 'has'])).toBe(expected)
  })
})
