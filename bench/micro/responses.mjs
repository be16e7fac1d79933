// Express's response methods per call, vanilla next to pulya (`app.use(pulya())`, so the
// fast res.send / res.json / res.sendStatus and the ETag memo are what runs), on Express 4 and
// Express 5: the whole per-response header and body work — Content-Type and charset, ETag,
// freshness, Content-Length, the head block Node builds — without a socket. Each op builds a
// fresh request and response from classes whose prototypes are the app's (as pulya's servers
// do, so no prototype swap is timed), calls one method and returns the bytes Node would write.
// Plus `req.get()` against a plain header read: the request side pulya leaves to Express.
import http from 'node:http'
import express5 from 'express'
import express4 from 'express4'
import { pulya } from '../../dist/esm/express/index.js'

const OBJECT = { id: 1296269, name: 'hello-world', owner: { login: 'octocat' }, private: false }
const TEXT = '<p>hello world</p>'

/** A request/response pair for `app` built by constructors, and the bytes written. */
function exchanger(app) {
  class Request extends http.IncomingMessage {}
  class Response extends http.ServerResponse {}
  Object.setPrototypeOf(Request.prototype, app.request)
  Object.setPrototypeOf(Response.prototype, app.response)
  return function exchange(method, act) {
    const req = new Request(null)
    req.method = method
    req.url = '/'
    req.headers = { host: 'localhost', 'user-agent': 'bench', accept: '*/*' }
    const res = new Response(req)
    res.sendDate = false
    res.req = req
    req.res = res
    res.locals = Object.create(null)
    act(res)
    // Without a socket Node keeps what it would write: the head and the body.
    return res.outputData
      .map((d) => (typeof d.data === 'string' ? d.data : d.data.toString('latin1')))
      .join('')
  }
}

function app(express, withPulya) {
  const a = express()
  if (withPulya) a.use(pulya())
  return a
}

const HOSTS = [
  ['Express 4', express4],
  ['Express 5', express5]
]

const OPERATIONS = [
  // The floor of every op below: building the pair and an empty res.end().
  { name: 'res.end() (building req/res only)', method: 'GET', act: (res) => res.end() },
  { name: 'res.json(object)', method: 'GET', act: (res) => res.json(OBJECT) },
  { name: 'res.send(html string)', method: 'GET', act: (res) => res.send(TEXT) },
  { name: 'res.send(string), HEAD', method: 'HEAD', act: (res) => res.send(TEXT) },
  { name: 'res.sendStatus(404)', method: 'GET', act: (res) => res.sendStatus(404) }
]

const cases = []
const contestants = []
for (const [host, express] of HOSTS) {
  const vanilla = exchanger(app(express, false))
  for (const op of OPERATIONS) {
    const name = `${host}: ${op.name}`
    cases.push({ name, inputs: [op], expected: [vanilla(op.method, op.act)] })
    contestants.push(
      { name: `${host} vanilla`, only: [name], build: () => (o) => vanilla(o.method, o.act) },
      {
        name: `${host} + pulya`,
        only: [name],
        build: () => {
          const fast = exchanger(app(express, true))
          return (o) => fast(o.method, o.act)
        }
      }
    )
  }
}

// The request side: req.get() lower-cases the name and checks for Referer on every call.
const reqOf = (express) => {
  const a = express()
  const req = Object.create(a.request)
  req.headers = {
    host: 'localhost',
    'user-agent': 'bench',
    accept: '*/*',
    'content-type': 'application/json'
  }
  return req
}
for (const [host, express] of HOSTS) {
  const name = `${host}: req.get('Content-Type')`
  const req = reqOf(express)
  cases.push({ name, inputs: ['Content-Type'], expected: ['application/json'] })
  contestants.push(
    { name: `${host} req.get()`, only: [name], build: () => (field) => req.get(field) },
    {
      name: 'req.headers[lower-case name] (the floor)',
      only: [name],
      build: () => () => req.headers['content-type']
    }
  )
}

export const responsesSuite = { name: 'Express response methods per call', cases, contestants }
