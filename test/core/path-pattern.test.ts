import { describe, expect, it } from 'vitest'
import { ALWAYS, PARAM, PatternEnd, compilePathPattern, foldCase } from '../../src/core/path-pattern.js'

describe('foldCase', () => {
  it.each([
    ['/users', '/users'],
    ['/USERS/Ab', '/users/ab'],
    ['/ÉTÉ', '/ÉtÉ'],
    ['/aÉB', '/aÉb']
  ])('folds only ASCII letters: %s', (input, expected) => {
    expect(foldCase(input)).toBe(expected)
  })
})

describe('compilePathPattern', () => {
  it.each([
    [
      'route with params',
      ['/users/', PARAM, '/posts'],
      PatternEnd.End,
      { segments: ['users', null, 'posts'], end: true, partial: '' }
    ],
    ['mount', ['/API'], PatternEnd.Prefix, { segments: ['api'], end: false, partial: '' }],
    ['root route', [], PatternEnd.End, { segments: [], end: true, partial: '' }],
    ['root mount', [], PatternEnd.Prefix, { segments: [], end: false, partial: '' }],
    ['nothing read then stopped', [], PatternEnd.Stop, { segments: [], end: false, partial: '' }],
    [
      'stopped mid-segment',
      ['/files/rep'],
      PatternEnd.Stop,
      { segments: ['files'], end: false, partial: 'rep' }
    ],
    [
      'stopped after a param',
      ['/users/', PARAM],
      PatternEnd.Stop,
      { segments: ['users'], end: false, partial: '' }
    ],
    [
      'param sharing its segment',
      ['/users/', PARAM, '.json'],
      PatternEnd.End,
      { segments: ['users'], end: false, partial: '' }
    ],
    [
      'literal before a param in one segment',
      ['/users/v', PARAM],
      PatternEnd.End,
      { segments: ['users'], end: false, partial: 'v' }
    ],
    [
      'two params in one segment',
      ['/', PARAM, PARAM],
      PatternEnd.End,
      { segments: [], end: false, partial: '' }
    ],
    ['trailing slash', ['/users/'], PatternEnd.End, { segments: ['users'], end: false, partial: '' }],
    ['empty segment', ['/a//b'], PatternEnd.End, { segments: ['a', '', 'b'], end: true, partial: '' }],
    [
      'param at the end of a mount',
      ['/v/', PARAM],
      PatternEnd.Prefix,
      { segments: ['v', null], end: false, partial: '' }
    ]
  ])('%s', (_name, tokens, end, expected) => {
    expect(compilePathPattern(tokens, end)).toEqual(expected)
  })

  it.each([
    [['users'], PatternEnd.End],
    [[PARAM], PatternEnd.End]
  ])('is ALWAYS when the path does not start with a slash (%j)', (tokens, end) => {
    expect(compilePathPattern(tokens, end)).toBe(ALWAYS)
  })
})
