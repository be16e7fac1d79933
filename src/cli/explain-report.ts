/**
 * `pulya explain`'s words: what pulya does for each router and response feature of the app,
 * why not where it does not, and what would change it — from the plain data the adapters'
 * explain functions give (core/explain.ts) and how the app was served. As text, JSON, Markdown
 * and HTML; `check` ends with its summary. Pure: tested in-process.
 */
import { relative } from 'path'
import type {
  AppExplanation,
  FeatureExplanation,
  FeatureReason,
  RouterExplanation,
  RouterReason
} from '../core/explain.js'
import type { CommandReport } from './commands/output.js'
import { pageHtml, pageMarkdown, type Page } from './report-page.js'

/** What `explain --json` prints (and results.json holds). */
export interface ExplainDoc {
  app: string
  pulyaVersion: string
  /** `app.listen() (listen mode): …`. */
  serving: string
  /** What the serving means for pulya's server classes, one sentence. */
  server: string
  explanation: AppExplanation
}

/** A host file as the user knows it: relative to the working folder. */
function fileText(file: string | null, cwd: string): string {
  return file === null ? 'its file' : relative(cwd, file) || file
}

function hostText(explanation: AppExplanation): string {
  const { name, version } = explanation.host
  return version === null ? name : `${name} ${version}`
}

/** `layers` with its noun. */
function layers(n: number): string {
  return `${n} layer${n === 1 ? '' : 's'}`
}

/** Why a router's index is not in use, and what would change it. */
function routerReasonText(router: RouterExplanation, reason: RouterReason): string {
  switch (reason.code) {
    case 'not-met':
      return reason.subApp === true
        ? 'not met: a sub-app mounted before pulya was installed on the app; pulya joins the sub-apps mounted after app.use(pulya()), so put that line above app.use(…, subApp) (this command installs pulya once your module has built the app, so it measures such a sub-app without pulya)'
        : "not met: pulya meets an Express router when Express creates it after app.use(pulya()), a Koa router on the app's first request (or warm(app))"
    case 'small':
      return `left alone: ${layers(router.layers)}, no more than smallStack (${reason.smallStack}), and walking so few costs no more than an index; to index it anyway: --pulya '{"smallStack":${Math.max(0, router.layers - 1)}}' (pulya({ smallStack: ${Math.max(0, router.layers - 1)} }))`
    case 'not-built':
      return 'met, its index not built yet: it is built off the request path after app.listen() (warm(app) builds it now)'
    case 'cache-off':
      return "not indexed: the option cache: false, and a Koa router's index serves its route cache only; drop the option to turn it on"
    case 'refused':
      return "not indexed: the host's own conditions for an index were not met"
    case 'unpure-layer':
      return `not indexed: layer ${reason.position} (${reason.path}) has a matcher of its own or a stateful RegExp, so its answers cannot be remembered; @koa/router matches every request itself`
  }
}

/** One router's line: what pulya does for it. */
export function routerText(router: RouterExplanation): string {
  const head = `${router.name}, ${layers(router.layers)}`
  if (router.reason !== null) return `${head}: ${routerReasonText(router, router.reason)}`
  const stats = !router.cached
    ? '; its route cache is off (the option cache: false), so each request looks its path up in the index'
    : router.stats === null || router.stats.hits + router.stats.misses === 0
      ? ''
      : `; route cache ${router.stats.hits} hits, ${router.stats.misses} misses`
  if (!router.narrows)
    return `${head}: indexed, but no layer's path could be read, so every path still walks every layer${stats}; layers with string paths (not RegExps) let pulya skip the ones a path cannot match`
  const unread =
    router.unreadCount === 0
      ? ''
      : `; ${router.unreadCount} tried for every path, as without pulya (${router.unread.map((u) => `#${u.position} ${u.path}`).join(', ')}${router.unreadCount > router.unread.length ? ', …' : ''})`
  return `${head}: accelerated, each path walks only the layers that can match it${unread}${stats}`
}

/** Why a response feature is off, and what would change it. */
function featureReasonText(reason: FeatureReason, explanation: AppExplanation, cwd: string): string {
  switch (reason.code) {
    case 'unknown-source': {
      const version = reason.version === null ? '' : ` ${reason.version}`
      return `off: ${reason.member} in ${fileText(reason.file, cwd)} (${explanation.host.name}${version}) is not a text pulya knows, so pulya keeps the host's own; a pulya that knows this version turns it on (in pulya's repository: npm run known-sources -- --add ${explanation.host.name}@${reason.version ?? '<version>'})`
    }
    case 'app-own':
      return `off: the app has its own ${reason.member} there, and pulya leaves it alone`
    case 'not-needed':
      return `not needed: ${reason.why}`
    case 'option-off':
      return `off: the option ${reason.option} is false`
    case 'not-met':
      return 'off until pulya meets the app (its first request)'
    case 'left-alone':
      return "off: pulya keeps the host's own (something it reads is not the host's own)"
  }
}

function featureText(feature: FeatureExplanation, explanation: AppExplanation, cwd: string): string {
  return `${feature.feature}: ${feature.reason === null ? `on (${feature.saves})` : featureReasonText(feature.reason, explanation, cwd)}`
}

/**
 * The few lines `check` ends with: routers accelerated and left alone, response features off,
 * and the serving; `pulya explain` says the rest.
 */
export function explainSummary(doc: ExplainDoc): string[] {
  const { routers, features } = doc.explanation
  const fast = routers.filter((r) => r.reason === null).length
  const alone = routers.filter((r) => r.reason !== null).map((r) => `${r.name} (${r.reason?.code})`)
  const off = features
    .filter((f) => !f.on && f.reason?.code !== 'not-needed')
    .map((f) => `${f.feature} (${f.reason?.code})`)
  return [
    `pulya accelerates ${fast} of ${routers.length} router${routers.length === 1 ? '' : 's'}${alone.length === 0 ? '' : `; left alone: ${alone.join(', ')}`}` +
      `; responses: ${features.filter((f) => f.on).length} of ${features.length} features on${off.length === 0 ? '' : `, off: ${off.join(', ')}`}`,
    `server: ${doc.server}`,
    `why and what would change it: pulya explain ${doc.app}`
  ]
}

/** The report in every form. */
export function explainReport(doc: ExplainDoc, cwd = process.cwd()): CommandReport {
  const { explanation } = doc
  const routers = explanation.routers.map(routerText)
  const features = explanation.features.map((f) => featureText(f, explanation, cwd))
  const head = [
    `${hostText(explanation)}, pulya ${doc.pulyaVersion}${explanation.installed ? '' : ' (not installed on the app)'}`,
    `served as ${doc.serving}`
  ]
  const none = explanation.routers.length === 0 ? ['(no router pulya can accelerate)'] : []
  const page: Page = {
    title: `pulya explain: ${doc.app}`,
    blocks: [
      { lines: head },
      { heading: 'Routers' },
      { lines: [...none, ...routers] },
      { heading: 'Responses' },
      { lines: features },
      { heading: 'Server' },
      { lines: [doc.server] }
    ]
  }
  const text = [
    ...head,
    '',
    'Routers',
    ...[...none, ...routers].map((l) => `  ${l}`),
    '',
    'Responses',
    ...features.map((l) => `  ${l}`),
    '',
    'Server',
    `  ${doc.server}`,
    ''
  ].join('\n')
  return { text, markdown: pageMarkdown(page), html: pageHtml(page), json: doc }
}
