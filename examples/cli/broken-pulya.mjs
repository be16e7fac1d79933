// A deliberately broken pulya stand-in for `pulya check --pulya-module` (test/cli/cli.test.ts):
// it installs pulya, then drops the X-Powered-By header, so check must report a difference.
export default async function apply(app, kind, pulya) {
  await pulya(app, kind)
  const handle = app.handle
  app.handle = function (req, res, next) {
    const setHeader = res.setHeader
    res.setHeader = function (name, value) {
      return name.toLowerCase() === 'x-powered-by' ? this : setHeader.call(this, name, value)
    }
    return handle.call(this, req, res, next)
  }
}
