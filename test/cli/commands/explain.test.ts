/** `pulya explain` over a stand-in pulya process: asked what pulya does, the answer worded; a kind without an explain refused. */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LoadError } from '../../../src/cli/app-loader.js'
import { parseArgs } from '../../../src/cli/args.js'
import { explainCommand } from '../../../src/cli/commands/explain.js'
import type { ExplainDoc } from '../../../src/cli/explain-report.js'
import { ownVersion } from '../../../src/cli/own-version.js'
import { fakeLauncher, stopAll, testContext } from '../_context.js'
import { EXPLANATION } from '../_explanations.js'

describe('explainCommand', () => {
  it('one pulya process, served as the module serves it: the explanation worded; --json the document, --out its files', async () => {
    const launcher = fakeLauncher([], {}, { pulya: { kind: 'koa', explanation: EXPLANATION } })
    const context = testContext(launcher)
    const out = join(mkdtempSync(join(tmpdir(), 'pulya-explain-')), 'report')
    expect(await explainCommand(parseArgs(['explain', 'app.js', '--json', '--out', out]), context)).toBe(0)
    expect(launcher.log.apps.map((a) => a.mode)).toEqual(['pulya'])
    const doc = JSON.parse(context.out()) as ExplainDoc
    expect(doc).toEqual({
      app: 'app.js',
      pulyaVersion: ownVersion(),
      serving:
        'http.createServer(app.callback()) (handler mode): the module exports the app without serving it; pass --serve listen if your server is app.listen()',
      server:
        'Koa has no server classes: pulya works the same under app.listen() and http.createServer(app.callback())',
      explanation: EXPLANATION
    })
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('# pulya explain: app.js')
    stopAll(launcher)
  })

  it('a kind without an explain: exit 2 with one line', async () => {
    const launcher = fakeLauncher([], {}, { pulya: { kind: 'express', explanation: null } })
    await expect(explainCommand(parseArgs(['explain', 'app.js']), testContext(launcher))).rejects.toThrow(
      new LoadError('pulya: explain does not know Express apps yet')
    )
    stopAll(launcher)
  })
})
