/**
 * `pulya/express`'s entry points: the middleware (mounted as a sub-app, or used inside a router,
 * where it installs on `req.app` at its first request), `accelerate(app)` and `warm(app)`.
 * What they install is tested in install/; `warm(app)` in install/warm-up.test.ts.
 */
import { expect, it } from 'vitest'
import request from 'supertest'
import { accelerate, pulya } from '../../src/express/index.js'
import { pulya as universal } from '../../src/index.js'
import { describeExpress } from '../helpers/differential.js'
import { table } from './_same.js'

describeExpress('the middleware', ({ express }) => {
  it('installs on req.app when used inside a router', async () => {
    const app = express()
    const router = express.Router()
    const middleware = pulya()
    router.use(middleware as never)
    table(router, 10)
    app.use(router)
    await request(app).get('/r3/a').expect(200)
    await request(app).get('/r3/a').expect(200)
    expect(middleware.stats().routers).toBeGreaterThan(0)
    expect(middleware.emit('other', app)).toBe(false)
    const passed: unknown[] = []
    middleware.handle({ app }, {}, (err?: unknown) => passed.push(err))
    const universalMiddleware = universal()
    universalMiddleware({ app }, {}, (err?: unknown) => passed.push(err))
    expect(passed).toEqual([undefined, undefined])
    expect(universalMiddleware.stats().routers).toBeGreaterThan(0)
    // set() exists only for Express's mount check: calling it changes nothing pulya has built.
    const before = middleware.stats()
    middleware.set()
    expect(middleware.stats()).toEqual(before)
    expect(() => accelerate({})).toThrow(TypeError)
    expect(accelerate(app).stats()).toEqual(middleware.stats())
  })
})
