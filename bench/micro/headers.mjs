// Header operations per response: setting an API response's ~15 headers (the JSON type,
// cache control and the cors + helmet set), and formatting `application/json; charset=utf-8`.
// Node validates a header name and value on every setHeader() call; Express adds its own
// work in res.set() and computes the Content-Type through content-type / mime-types.
import { ServerResponse } from 'node:http'
import { captureSecurityHeaders } from '../http/workloads.mjs'
import { contentType, express4Response, express4Utils, mimeTypes } from './_deps.mjs'

const JSON_TYPE = 'application/json; charset=utf-8'
const PAIRS = [['Content-Type', JSON_TYPE], ['Cache-Control', 'no-store'], ...captureSecurityHeaders()]
const FLAT = PAIRS.flat()
const REQUEST = { method: 'GET', httpVersionMajor: 1, httpVersionMinor: 1, headers: {} }

// A fresh response per op, as per request; no Date header so answers compare exactly.
function newResponse() {
  const res = new ServerResponse(REQUEST)
  res.sendDate = false
  return res
}

// The header block Node will write, as sorted lines: the order of set calls does not matter.
function headerLines(block) {
  return block
    .split('\r\n')
    .filter(Boolean)
    .map((l) => l.toLowerCase())
    .sort()
}

/** Add pulya's header table here with one line. */
export const SET_HEADER_CONTESTANTS = [
  {
    name: 'res.setHeader() per header (validated each call)',
    build: () => (pairs) => {
      const res = newResponse()
      for (let i = 0; i < pairs.length; i++) res.setHeader(pairs[i][0], pairs[i][1])
      res.writeHead(200)
      return res._header
    }
  },
  {
    name: 'Express 4 res.set() per header',
    build: () => (pairs) => {
      const res = newResponse()
      for (let i = 0; i < pairs.length; i++) express4Response.set.call(res, pairs[i][0], pairs[i][1])
      res.writeHead(200)
      return res._header
    }
  },
  {
    name: 'res.writeHead(200, prebuilt flat array)',
    build: () => () => {
      const res = newResponse()
      res.writeHead(200, FLAT)
      return res._header
    }
  }
]

/** Add pulya's content-type cache here with one line. */
export const CONTENT_TYPE_CONTESTANTS = [
  {
    name: 'Express setCharset(): content-type parse + format',
    build: () => (type) => express4Utils.setCharset(type, 'utf-8')
  },
  {
    name: 'Express 5 res.set(): mime-types contentType()',
    build: () => (type) => mimeTypes.contentType(type)
  },
  {
    name: 'content-type format() of a parsed object',
    build: () => (type) => contentType.format({ type, parameters: { charset: 'utf-8' } })
  },
  { name: 'cached string', build: () => () => JSON_TYPE }
]

function expectedBlock() {
  const res = newResponse()
  for (const [name, value] of PAIRS) res.setHeader(name, value)
  res.writeHead(200)
  return res._header
}

export const headersSuite = {
  name: 'header operations',
  cases: [
    {
      name: `set ${PAIRS.length} API headers + writeHead`,
      inputs: [PAIRS],
      expected: [expectedBlock()],
      normalize: headerLines
    },
    { name: 'content-type with charset', inputs: ['application/json'], expected: [JSON_TYPE] }
  ],
  contestants: [
    ...SET_HEADER_CONTESTANTS.map((c) => ({ ...c, only: [`set ${PAIRS.length} API headers + writeHead`] })),
    ...CONTENT_TYPE_CONTESTANTS.map((c) => ({ ...c, only: ['content-type with charset'] }))
  ]
}
