/**
 * Renders an app spec as the Express code it stands for, for failure reports.
 * @module
 */
import { showPath } from './paths.js'
import type { AppSpec, HandlerSpec, LayerSpec, Major, SettingsSpec } from './spec.js'

function showHandler(spec: HandlerSpec): string {
  switch (spec.do) {
    case 'respond':
      return `respond(${spec.as})`
    case 'next-error':
      return `next(err${spec.status === null ? '' : ` ${spec.status}`})`
    case 'rewrite':
      return `rewrite(${JSON.stringify(spec.to)})`
    case 'next':
      return 'next()'
    case 'next-route':
      return "next('route')"
    case 'next-router':
      return "next('router')"
    default:
      return spec.do
  }
}

function showSettings(target: string, settings: SettingsSpec): string[] {
  const lines: string[] = []
  if (settings.caseSensitive) lines.push(`${target}.set('case sensitive routing', true)`)
  if (settings.strict) lines.push(`${target}.set('strict routing', true)`)
  if (settings.queryParser !== null)
    lines.push(`${target}.set('query parser', ${JSON.stringify(settings.queryParser)})`)
  return lines
}

function showLayer(layer: LayerSpec, target: string, label: string, major: Major, indent: string): string[] {
  const handlers = (specs: readonly HandlerSpec[]): string => specs.map(showHandler).join(', ')
  switch (layer.type) {
    case 'use':
      return [
        `${indent}${target}.use(${layer.path === null ? '' : `${showPath(layer.path, major)}, `}${handlers(layer.handlers)})   // ${label}`
      ]
    case 'route':
      return [
        `${indent}${target}.${layer.method}(${showPath(layer.path, major)}, ${handlers(layer.handlers)})   // ${label}`
      ]
    case 'chain':
      return [
        `${indent}${target}.route(${showPath(layer.path, major)})${layer.methods.map(({ method, handlers: h }) => `.${method}(${handlers(h)})`).join('')}   // ${label}`
      ]
    case 'error':
      return [
        `${indent}${target}.use(${layer.path === null ? '' : `${showPath(layer.path, major)}, `}errorHandler(${layer.mode}))   // ${label}`
      ]
    case 'settings':
      return showSettings(target, layer.settings).map((line) => `${indent}${line}`)
    case 'router':
    case 'subapp': {
      const name = label.replace(/\./g, '_')
      const head =
        layer.type === 'router'
          ? `const ${name} = express.Router(${JSON.stringify(layer.options)})`
          : `const ${name} = express()`
      return [
        `${indent}${head}`,
        ...(layer.type === 'subapp'
          ? showSettings(name, layer.settings).map((line) => `${indent}${line}`)
          : []),
        ...layer.params.map((param) => `${indent}${name}.param(${JSON.stringify(param)}, record)`),
        ...layer.layers.flatMap((child, i) => showLayer(child, name, `${label}.${i}`, major, `${indent}  `)),
        ...layer.mounts.map((mount) => `${indent}${target}.use(${showPath(mount, major)}, ${name})`)
      ]
    }
  }
}

/**
 * The app as code, with where pulya goes and when the late layer is registered.
 *
 * @param spec - the app
 * @example
 * console.log(describeApp(spec))
 */
export function describeApp(spec: AppSpec): string {
  return [
    `// seed ${spec.seed}, express@${spec.major}, pulya injected at ${JSON.stringify(spec.inject)}, served by ${spec.server}`,
    'const app = express()',
    "app.set('env', " + JSON.stringify(spec.env) + ')',
    ...showSettings('app', spec.settings),
    ...spec.params.map((param) => `app.param(${JSON.stringify(param)}, record)`),
    ...spec.layers.flatMap((layer, i) => showLayer(layer, 'app', `L${i}`, spec.major, '')),
    ...(spec.late === null
      ? []
      : [
          `// after request ${spec.late.afterRequest}:`,
          ...showLayer(spec.late.layer, 'app', 'late', spec.major, '')
        ])
  ].join('\n')
}
