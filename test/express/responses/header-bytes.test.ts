/**
 * Header values with bytes above ASCII reach the wire as vanilla puts them there, through every
 * Express API that sets a header and every way a response is sent: pulya's `res.send` mirror
 * gives Node's own `end` a string body only when the head is ASCII (Node appends such a body to
 * the head and encodes both as UTF-8, where vanilla's Buffer leaves the head latin1). Raw bytes
 * on the wire are compared (the client reads a head as latin1, one character per byte).
 */
import { expect, it } from 'vitest'
import type { NextFunction, Request, Response } from 'express'
import { pulya } from '../../../src/express/index.js'
import {
  describeExpress,
  expectSame,
  req,
  serveExpress,
  sides,
  type ExpressHost,
  type StepResult
} from '../../helpers/differential.js'
import { ALL_HIGH_BYTES, HIGH_BYTES, headHasHighBytes, headerValue } from '../../helpers/header-bytes.js'

type Setter = (res: Response, value: string) => void
type Sender = (res: Response, value: string, next: NextFunction) => void

const BOTH = [4, 5]

/**
 * Each way to put `value` into a header, and the Express majors on which its bytes reach the
 * head as they are (`location` percent-encodes, `cookie` URI-encodes, Express 5's
 * `content-disposition` keeps `filename=` ASCII).
 */
const SETTERS: Record<string, { readonly set: Setter; readonly raw: readonly number[] }> = {
  set: { set: (res, v) => res.set('X-Set', v), raw: BOTH },
  append: { set: (res, v) => res.append('X-Append', [v, 'b']), raw: BOTH },
  attachment: { set: (res, v) => res.attachment(`${v} 2024.pdf`), raw: [4] },
  location: { set: (res, v) => res.location(`/to/${v}`), raw: [] },
  links: { set: (res, v) => res.links({ next: `/next/${v}` }), raw: BOTH },
  cookie: { set: (res, v) => res.cookie('c', v), raw: [] },
  vary: {
    set: (res, v) => {
      res.setHeader('Vary', `X-${v}`)
      res.vary('Accept')
    },
    raw: BOTH
  },
  type: { set: (res, v) => res.type(`text/plain; p="${v}"`), raw: BOTH },
  setHeader: { set: (res, v) => res.setHeader('X-Raw', v), raw: BOTH },
  // A writeHead wrapper (on-headers' way) that sets a header as the head is built.
  'writeHead-wrapper': {
    set: (res, v) => {
      const writeHead = res.writeHead.bind(res)
      res.writeHead = ((...args: Parameters<Response['writeHead']>) => {
        res.setHeader('X-On-Headers', v)
        return writeHead(...args)
      }) as Response['writeHead']
    },
    raw: BOTH
  }
}

/** Every way to send the response once the setters ran. */
const SENDERS: Record<string, Sender> = {
  'send-string': (res) => res.send('body é'),
  'send-long-string': (res) => res.send('x'.repeat(2000)),
  'send-buffer': (res) => res.send(Buffer.from('bytes')),
  // An ETag of its own: Express gives Node the string body itself.
  'send-etag-set': (res) => res.set('ETag', '"e"').send('tagged é'),
  json: (res, v) => res.json({ v }),
  sendStatus: (res) => res.sendStatus(202),
  'send-204': (res) => res.status(204).send('gone'),
  'end-string': (res) => res.end('ended é'),
  'end-buffer': (res) => res.end(Buffer.from('ended')),
  writeHead: (res, v) => res.writeHead(200, { 'X-Write-Head': v }).end('head é'),
  // The final handler: a 404, and an error with headers of its own.
  next: (_res, _v, next) => {
    next()
  },
  error: (_res, v, next) => {
    next(Object.assign(new Error('boom'), { status: 409, headers: { 'X-Error': v } }))
  }
}

/** `every` runs all setters, in the table's order. */
function runSetters(res: Response, name: string, value: string): void {
  for (const [setter, { set }] of Object.entries(SETTERS))
    if (name === 'every' || name === setter) set(res, value)
}

/** One app per side: `/:setter/:sender/:bytes` sets a header by `setter` and answers by `sender`. */
function build(host: ExpressHost, withPulya: boolean): ReturnType<ExpressHost['express']> {
  const app = host.express()
  if (withPulya) app.use(pulya())
  app.set('env', 'test')
  app.get('/:setter/:sender/:bytes', (request: Request, res: Response, next: NextFunction) => {
    const { setter = '', sender = '', bytes = '' } = request.params as Partial<Record<string, string>>
    const value = headerValue(bytes)
    runSetters(res, setter, value)
    ;(SENDERS[sender] as Sender)(res, value, next)
  })
  return app
}

describeExpress('header values with bytes 0x80–0xFF', (host) => {
  const both = () => sides(serveExpress, build(host, false), { pulya: build(host, true) })

  it.each(Object.entries(SETTERS))(
    '%s: all of them, every way to send, GET and HEAD',
    async (setter, { raw }) => {
      const steps = Object.keys(SENDERS).flatMap((sender) =>
        ['GET', 'HEAD'].map((method) => req(method, `/${setter}/${sender}/${ALL_HIGH_BYTES}`))
      )
      const [sent] = await expectSame(both(), steps)
      // The setter's bytes reached vanilla's head as they are: the comparison compared them.
      expect(headHasHighBytes(sent as StepResult)).toBe(raw.includes(host.major))
    }
  )

  it.each(['send-string', 'json', 'send-buffer'])(
    'each byte on its own, through every setter, %s',
    async (sender) => {
      const steps = HIGH_BYTES.map((byte) => req('GET', `/every/${sender}/${byte}`))
      const results = await expectSame(both(), steps, { concurrency: 16 })
      expect(results.filter((result) => result.vanilla.status !== 200 || !headHasHighBytes(result))).toEqual(
        []
      )
    }
  )
})
