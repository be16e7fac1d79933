/**
 * Contract cases: what `res.send`/`res.json`/`res.sendStatus` answer with ETags (Express's
 * own generators, which pulya memoises, and anything else, which it must not), and the
 * default 404 and error pages (which pulya builds once) for unusual paths, methods, bodies
 * and error shapes.
 * @module
 */
import type { Express, RequestHandler } from 'express'
import { normalizeStackFrames } from '../differential.js'
import { fixedError, nextWith, reply, trace } from '../observe.js'
import { gets, methods, req, type ContractCase, type Host } from './_types.js'

const BIG = 'x'.repeat(5000)

/** The routes of every ETag case: each kind of body `res.send` handles. */
function bodies(app: Express): Express {
  app.get('/text', (_req, res) => {
    res.send('hello')
  })
  app.get('/json', (_req, res) => {
    res.json({ a: 1, list: [1, 2, 3] })
  })
  app.get('/buf', (_req, res) => {
    res.send(Buffer.from('bytes'))
  })
  app.get('/big', (_req, res) => {
    res.send(BIG)
  })
  app.get('/empty', (_req, res) => {
    res.send('')
  })
  app.get('/typed', (_req, res) => {
    res.type('text/plain').send('typed')
  })
  app.get('/created', (_req, res) => {
    res.status(201).send('created')
  })
  app.get('/gone', (_req, res) => {
    res.status(204).send('gone')
  })
  app.get('/preset', (_req, res) => {
    res.set('ETag', '"mine"').send('preset')
  })
  app.get('/status/:code', (req, res) => {
    res.sendStatus(Number(req.params['code']))
  })
  app.get('/status-string/:code', (req, res) => {
    res.sendStatus(req.params['code'] as unknown as number)
  })
  app.get('/status-two', (_req, res) => {
    ;(res.sendStatus as (...a: unknown[]) => unknown)(201, 'extra')
  })
  app.get('/status-wrapped', (_req, res) => {
    const status = res.status.bind(res)
    res.status = (code: number) => {
      res.set('x-status', String(code))
      return status(code)
    }
    res.sendStatus(202)
  })
  return app
}

/** Each body twice (the second is a memo hit), then conditional and HEAD requests. */
const BODY_STEPS = [
  ...gets(
    '/text',
    '/text',
    '/json',
    '/json',
    '/buf',
    '/buf',
    '/big',
    '/big',
    '/empty',
    '/typed',
    '/created',
    '/gone',
    '/preset'
  ),
  req('HEAD', '/status/503'),
  ...gets(
    '/status/200',
    '/status/404',
    '/status/418',
    '/status/503',
    '/status/299',
    '/status/503',
    '/status-string/404',
    '/status-two',
    '/status-wrapped',
    '/status/204',
    '/status/304'
  ),
  { method: 'GET', path: '/text', ifNoneMatchPrevious: true },
  { method: 'GET', path: '/json' },
  { method: 'GET', path: '/json', ifNoneMatchPrevious: true },
  { method: 'HEAD', path: '/json', ifNoneMatchPrevious: true },
  req('HEAD', '/text'),
  req('GET', '/text', { 'if-none-match': '*' }),
  req('GET', '/text', { 'if-none-match': 'W/"5-qvTGHdzF6KLavt4PO0gs2a6pQ00"' }),
  req('POST', '/text')
]

/** A generator that numbers its calls: memoising it would change what clients see. */
function countingEtag(): (body: Buffer) => string {
  let calls = 0
  return (body) => `"n${++calls}-${body.length}"`
}

function errorsWithShapes(env: string) {
  return (e: Host): Express => {
    const app = e()
    app.set('env', env)
    app.get('/code', (_req, res, next) => {
      res.statusCode = 503
      next(fixedError('status from the response'))
    })
    app.get(
      '/headers-string',
      nextWith(
        'headers not an object',
        Object.assign(fixedError('h'), { status: 502, headers: 'Retry-After: 1' })
      )
    )
    app.get(
      '/headers-empty',
      nextWith('empty headers', Object.assign(fixedError('h'), { statusCode: 429, headers: {} }))
    )
    app.get('/number', nextWith('a number', 42))
    app.get('/object', nextWith('a plain object', { status: 404, message: 'plain' }))
    // Logging an error without a prototype throws in Express 4's logger (an uncaught
    // exception, vanilla's as much as pulya's), so only env 'test', which logs nothing, has it.
    if (env === 'test')
      app.get(
        '/bare',
        nextWith('no prototype', Object.assign(Object.create(null) as object, { status: 410 }))
      )
    app.get(
      '/unknown-status',
      nextWith('a status without a message', Object.assign(fixedError('odd'), { status: 499 }))
    )
    app.get('/html', nextWith('markup in the message', fixedError('<b>bold</b>\n  two  spaces & "quotes"')))
    app.get(
      '/expose',
      nextWith('exposed', Object.assign(fixedError('visible'), { status: 400, expose: true }))
    )
    app.post('/body', nextWith('error before the body was read', fixedError('unread body', { status: 413 })))
    return app
  }
}

const ERROR_SHAPE_STEPS = [
  ...gets(
    '/code',
    '/headers-string',
    '/headers-empty',
    '/number',
    '/object',
    '/bare',
    '/unknown-status',
    '/html',
    '/expose',
    '/code'
  ),
  req('HEAD', '/code'),
  req('HEAD', '/html'),
  { method: 'POST', path: '/body', body: 'x'.repeat(200_000) }
]

const LONG = `/${'segment/'.repeat(200)}end`

/** A middleware that logs every `res.set` and `res.end` call a response makes (the calls are compared). */
const spying: RequestHandler = (_req, res, next) => {
  const set = res.set.bind(res) as (field: string, value?: unknown) => typeof res
  const end = res.end.bind(res) as (...args: unknown[]) => typeof res
  res.set = ((field: string, value?: unknown) => {
    console.warn(`set ${field} = ${JSON.stringify(value)}`)
    return set(field, value)
  }) as typeof res.set
  res.end = ((...args: unknown[]) => {
    console.warn(
      `end ${args.map((a) => (Buffer.isBuffer(a) ? `<Buffer ${a.length}>` : typeof a === 'string' ? `string ${a.length}` : String(a))).join(', ')}`
    )
    return end(...args)
  }) as typeof res.end
  next()
}

/** The `res.send`/`res.json` paths pulya takes shortcuts on, and every way around them. */
function sendPaths(e: Host): Express {
  const app = bodies(e())
  app.get('/te', (_req, res) => {
    res.set('Transfer-Encoding', 'chunked')
    res.send('chunked body')
  })
  app.get('/reset', (_req, res) => {
    res.status(205).send('reset')
  })
  app.get('/json-typed', (_req, res) => {
    res.type('json').send('{"x":1}')
  })
  app.get('/text-type', (_req, res) => {
    res.type('txt').send('plain')
  })
  app.get('/custom-type', (_req, res) => {
    res.set('Content-Type', 'application/vnd.api+json').send('{}')
  })
  app.get('/bad-type', (_req, res) => {
    res.set('Content-Type', 'text').send('x')
  })
  app.get('/charset', (_req, res) => {
    res.set('Content-Type', 'text/html; charset=iso-8859-1').send('<p>é</p>')
  })
  app.get('/two-args', (_req, res) => {
    ;(res.send as (...a: unknown[]) => unknown)('two', 'args')
  })
  app.get('/unicode', (_req, res) => {
    res.json({ text: 'héllo wörld ✓ \u2028' })
  })
  app.get('/undefined', (_req, res) => {
    res.json(undefined)
  })
  app.get('/number', (_req, res) => {
    res.json(42)
  })
  app.get('/no-type', (_req, res) => {
    res.type = function () {
      return this
    }
    res.send('untyped')
  })
  const silent = e()
  silent.set('etag', () => undefined)
  silent.get('/text', (_req, res) => {
    res.send('no tag')
  })
  app.use('/silent', silent)
  app.use('/spy', spying)
  app.get('/spy/json', (_req, res) => {
    res.json({ spied: true })
  })
  app.get('/spy/text', (_req, res) => {
    res.send('spied text')
  })
  app.get('/spy/big', (_req, res) => {
    res.send(BIG)
  })
  app.get('/spy/status', (_req, res) => {
    res.sendStatus(418)
  })
  const settings = e()
  settings.set('json spaces', 2)
  settings.set('json replacer', (key: string, value: unknown) => (key === 'secret' ? undefined : value))
  settings.get('/json', (_req, res) => {
    res.json({ a: 1, secret: 2, list: [1] })
  })
  const escaping = e()
  escaping.set('json escape', true)
  escaping.get('/json', (_req, res) => {
    res.json({ html: '<b>&</b>' })
  })
  const arrays = e()
  arrays.set('etag', () => ['"a"', '"b"'])
  arrays.get('/text', (_req, res) => {
    res.send('array etag')
  })
  const overriding = e()
  const inherited = overriding.response.send
  overriding.response.send = function upper(this: typeof overriding.response, body: unknown) {
    return inherited.call(this, typeof body === 'string' ? body.toUpperCase() : body)
  }
  overriding.get('/text', (_req, res) => {
    res.send('shouted')
  })
  overriding.get('/json', (_req, res) => {
    res.json({ through: 'send' })
  })
  app.use('/settings', settings)
  app.use('/escaping', escaping)
  app.use('/arrays', arrays)
  app.use('/overriding', overriding)
  return app
}

export const RESPONSE_CASES: readonly ContractCase[] = [
  {
    name: 'ETags with the default weak generator: strings, JSON, Buffers, big and empty bodies, 201/204, preset tags, sendStatus, 304 and HEAD',
    // sendStatus('404') throws in Express 5: the error page's frames below the throw are the dispatcher's.
    normalize: normalizeStackFrames,
    build: (e) => bodies(e()),
    steps: BODY_STEPS
  },
  {
    name: 'res.send/res.json paths: Transfer-Encoding, 205, res.type, custom and invalid types, charsets, two arguments, JSON settings, array ETags, a wrapped res.set/res.end, an overridden app.response.send',
    // Two of the requests end in a development error page: frames below the throw are the dispatcher's.
    normalize: normalizeStackFrames,
    build: sendPaths,
    steps: [
      ...gets(
        '/no-type',
        '/silent/text',
        '/te',
        '/reset',
        '/json-typed',
        '/text-type',
        '/custom-type',
        '/bad-type',
        '/charset',
        '/charset',
        '/two-args',
        '/unicode',
        '/undefined',
        '/number'
      ),
      ...gets(
        '/spy/json',
        '/spy/text',
        '/spy/big',
        '/spy/status',
        '/spy/json',
        '/settings/json',
        '/escaping/json',
        '/arrays/text',
        '/overriding/text',
        '/overriding/json'
      ),
      req('HEAD', '/spy/json'),
      req('HEAD', '/te'),
      { method: 'GET', path: '/spy/json', ifNoneMatchPrevious: true },
      { method: 'GET', path: '/unicode' },
      { method: 'GET', path: '/unicode', ifNoneMatchPrevious: true },
      req('GET', '/unicode', { 'if-modified-since': 'Wed, 21 Oct 2015 07:28:00 GMT' })
    ]
  },
  {
    name: 'ETags switched between requests: strong, a numbering etag fn, off, app.enable/disable, back to weak',
    build: (e) => bodies(e()),
    steps: [
      ...gets('/text', '/json'),
      {
        action: "app.set('etag', 'strong')",
        run: (app) => {
          app.set('etag', 'strong')
        }
      },
      ...gets('/text', '/text', '/json'),
      { method: 'GET', path: '/json', ifNoneMatchPrevious: true },
      {
        action: 'a numbering etag function',
        run: (app) => {
          app.set('etag', countingEtag())
        }
      },
      ...gets('/text', '/text', '/json', '/json'),
      {
        action: "app.set('etag fn', fn) directly",
        run: (app) => {
          app.set('etag fn', countingEtag())
        }
      },
      ...gets('/text', '/text'),
      {
        action: "app.disable('etag')",
        run: (app) => {
          app.disable('etag')
        }
      },
      ...gets('/text', '/big', '/status/418'),
      {
        action: "app.enable('etag')",
        run: (app) => {
          app.enable('etag')
        }
      },
      ...gets('/text', '/text'),
      { method: 'GET', path: '/text', ifNoneMatchPrevious: true }
    ]
  },
  {
    name: 'ETags of sub-apps with their own etag settings (strong, numbering, off) under a weak parent',
    build: (e) => {
      const app = bodies(e())
      const strong = bodies(e())
      strong.set('etag', 'strong')
      const numbering = bodies(e())
      numbering.set('etag', countingEtag())
      const off = bodies(e())
      off.set('etag', false)
      app.use('/strong', strong)
      app.use('/numbering', numbering)
      app.use('/off', off)
      return app
    },
    steps: gets(
      '/text',
      '/strong/text',
      '/strong/text',
      '/numbering/text',
      '/numbering/text',
      '/off/text',
      '/off/json',
      '/text',
      '/strong/json'
    )
  },
  {
    name: 'the default 404 for every method, HEAD, unusual and hostile paths, repeated, and with an unread request body',
    build: (e) => {
      const app = e()
      app.get('/', reply('root'))
      return app
    },
    steps: [
      ...methods('/nope', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'GET', 'HEAD'),
      ...gets(
        '/<script>alert(1)</script>',
        '/a%20%20b',
        '/%ZZ',
        '/caf%C3%A9',
        '/caf\u00e9',
        '/x?q=<b>&r=1',
        '/x#frag',
        '//double//slash',
        '/a/../b',
        LONG,
        LONG,
        '/\u00ff\u00fe'
      ),
      req('GET', 'http://differential.test/absolute?x=1'),
      req('OPTIONS', '*'),
      { method: 'POST', path: '/upload', body: 'y'.repeat(300_000) },
      { method: 'PUT', path: '/upload', body: 'small' }
    ]
  },
  {
    name: 'the default 404 and an error after a middleware read the whole request body (the page is written at once)',
    build: (e) => {
      const app = e()
      app.use((req, _res, next) => {
        let size = 0
        req.on('data', (chunk: Buffer) => {
          size += chunk.length
        })
        req.on('end', () => {
          trace(req, `read ${size} bytes`)
          next()
        })
      })
      app.post('/fail', nextWith('error after reading', fixedError('read then failed', { status: 422 })))
      return app
    },
    steps: [
      { method: 'POST', path: '/missing', body: 'z'.repeat(100_000) },
      { method: 'POST', path: '/fail', body: 'small body' },
      { method: 'POST', path: '/missing', body: '' },
      req('GET', '/missing')
    ]
  },
  {
    name: "errors of every shape in env 'production' (pages per status)",
    build: errorsWithShapes('production'),
    steps: ERROR_SHAPE_STEPS
  },
  {
    name: "errors of every shape in env 'development' (pages per error)",
    build: errorsWithShapes('development'),
    steps: ERROR_SHAPE_STEPS
  },
  {
    name: "errors of every shape in env 'test' (nothing logged), an error without a prototype",
    build: errorsWithShapes('test'),
    steps: ERROR_SHAPE_STEPS
  },
  {
    name: 'an error after a 404 page was chosen elsewhere: a middleware ending the response, then next()',
    build: (e) => {
      const app = e()
      const ends: RequestHandler = (_req, res, next) => {
        res.status(404).end('ended')
        next()
      }
      app.use('/ended', ends)
      app.use('/ended-error', (_req, res, next) => {
        res.end('ended')
        next(fixedError('late'))
      })
      return app
    },
    steps: gets('/ended', '/ended-error', '/ended')
  }
]
