// Error encoding: the default 404 and 500 pages as Express's finalhandler builds them per
// request (message → escaped HTML document → UTF-8 Buffer on res.end) against a Buffer that
// was built once. Expected bytes come from the same pages the HTTP checks require.
import { getWorkload } from '../http/workloads.mjs'
import express from 'express'
import { pagesFor } from '../../dist/esm/express/responses/final-handler.js'
import { hostModules } from '../../dist/esm/express/install/host-modules.js'
import { encodeUrl, escapeHtml, parseUrl } from './_deps.mjs'

// finalhandler 2's createHtmlDocument, verbatim in behaviour.
function createHtmlDocument(message) {
  const body = escapeHtml(message).replaceAll('\n', '<br>').replaceAll('  ', ' &nbsp;')
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n' +
    `<body>\n<pre>${body}</pre>\n</body>\n</html>\n`
  )
}

// What finalhandler does for an unmatched request: name the resource, build, encode.
function notFoundPerRequest(req) {
  const message = `Cannot ${req.method} ${encodeUrl(parseUrl.original(req).pathname)}`
  return Buffer.from(createHtmlDocument(message), 'utf8')
}

// pulya keeps pages as strings (Node writes a string body together with the head).
function asText(page) {
  return Buffer.isBuffer(page) ? page.toString('utf8') : page
}

const NOT_FOUND = getWorkload('notfound').checks[0]
const SERVER_ERROR = getWorkload('errors').checks.find((c) => c.status === 500)
const NOT_FOUND_REQ = { method: NOT_FOUND.method, url: NOT_FOUND.path, originalUrl: NOT_FOUND.path }

/** Add pulya's pre-encoded responses here with one line each. */
export const ERROR_CONTESTANTS = [
  {
    name: 'finalhandler-style: escape + HTML + Buffer per request',
    only: ['404'],
    build: () => notFoundPerRequest
  },
  {
    name: 'precomputed Buffer, looked up by method + path',
    only: ['404'],
    build: () => {
      const cache = new Map([
        [`${NOT_FOUND_REQ.method} ${NOT_FOUND_REQ.url}`, notFoundPerRequest(NOT_FOUND_REQ)]
      ])
      return (req) => cache.get(`${req.method} ${req.url}`)
    }
  },
  {
    name: "pulya's page table (per method + path, the app's own finalhandler helpers)",
    only: ['404'],
    build: () => {
      const pages = pagesFor(hostModules(express().handle).finalhandler)
      return (req) => pages.notFound(req).body
    }
  },
  {
    name: 'finalhandler-style: HTML + Buffer per request',
    only: ['500'],
    build: () => () => Buffer.from(createHtmlDocument('Internal Server Error'), 'utf8')
  },
  {
    name: 'precomputed Buffer',
    only: ['500'],
    build: () => {
      const page = Buffer.from(createHtmlDocument('Internal Server Error'), 'utf8')
      return () => page
    }
  },
  {
    name: "pulya's page table (per status)",
    only: ['500'],
    build: () => {
      const pages = pagesFor(hostModules(express().handle).finalhandler)
      return () => pages.forStatus(500).body
    }
  }
]

export const errorsSuite = {
  name: 'error encoding (Express default pages)',
  cases: [
    {
      name: '404',
      inputs: [NOT_FOUND_REQ],
      expected: [Buffer.from(NOT_FOUND.body.express, 'utf8')],
      normalize: asText
    },
    {
      name: '500',
      inputs: [{ method: 'GET', url: '/boom' }],
      expected: [Buffer.from(SERVER_ERROR.body.express, 'utf8')],
      normalize: asText
    }
  ],
  contestants: ERROR_CONTESTANTS
}
