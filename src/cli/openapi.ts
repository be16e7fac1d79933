/**
 * `--openapi`: concrete requests from an OpenAPI 3.x (or Swagger 2) document's examples —
 * parameter `example`/`examples` (Swagger: `x-example`), schema `example`/`examples`/`default`/
 * `enum`/`const`, request body examples — and values generated from the schema where the
 * document gives none. Paths stay the document's (`/users/{id}` filled in); spec-match.ts
 * finds the app's route for each. Pure: tested in-process.
 */
import { isRecord } from '../core/object-kinds.js'

/** One request from the document, before it is matched to a route. */
export interface SpecRequest {
  method: string
  /** Path (the document's, params filled in) and query. */
  path: string
  headers: Record<string, string>
  body: string | null
  /** What it came from, for messages: `GET /users/{id}`. */
  origin: string
}

/** The document's requests and the base paths its servers (Swagger: basePath) name. */
export interface SpecRequests {
  requests: SpecRequest[]
  prefixes: string[]
}

type Json = Record<string, unknown>

/** At most this many requests per operation (one per example, the others cycled). */
export const MAX_EXAMPLES = 5
/** In this order per path: reads, then creation before change before deletion (the requests change the app's state). */
const METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options']
/** OpenAPI: header parameters with these names are ignored (the spec says so). */
const RESERVED_HEADERS = new Set(['accept', 'content-type', 'authorization'])

/** Reads the document: JSON, or YAML with `parseYaml` (the optional `yaml` package). @throws Error, one line */
export function parseSpecText(
  text: string,
  file: string,
  parseYaml: ((text: string) => unknown) | undefined
): unknown {
  if (/\.ya?ml$/i.test(file)) {
    if (parseYaml === undefined)
      throw new Error(
        'a YAML document needs the yaml package: npm install --save-dev yaml (or give the document as JSON)'
      )
    return parseYaml(text)
  }
  return JSON.parse(text) as unknown
}

/** Follows local `$ref`s (`#/components/...`); an external or broken one gives undefined. */
function deref(doc: Json, value: unknown, depth = 0): unknown {
  if (!isRecord(value) || typeof value['$ref'] !== 'string') return value
  const ref = value['$ref']
  if (!ref.startsWith('#/') || depth > 20) return undefined
  let at: unknown = doc
  for (const part of ref.slice(2).split('/'))
    at = isRecord(at) ? at[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined
  return deref(doc, at, depth + 1)
}

/** The values a schema names for itself: example(s), default, const, the first enum value. */
function schemaExamples(schema: Json): unknown[] {
  if (schema['example'] !== undefined) return [schema['example']]
  if (Array.isArray(schema['examples']) && schema['examples'].length > 0)
    return schema['examples'] as unknown[]
  if (schema['default'] !== undefined) return [schema['default']]
  if (schema['const'] !== undefined) return [schema['const']]
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return [schema['enum'][0]]
  return []
}

const FORMATS: Record<string, string> = {
  'date-time': '2024-01-01T00:00:00Z',
  date: '2024-01-01',
  uuid: '00000000-0000-4000-8000-000000000000',
  email: 'user@example.com',
  uri: 'https://example.com/'
}

/** A value for `schema`: its own example, else one built from its type (objects from their properties). */
export function schemaSample(doc: Json, raw: unknown, depth = 0): unknown {
  const schema = deref(doc, raw)
  if (!isRecord(schema) || depth > 6) return null
  const own = schemaExamples(schema)
  if (own.length > 0) return own[0]
  for (const key of ['oneOf', 'anyOf']) {
    const first = (schema[key] as unknown[] | undefined)?.[0]
    if (first !== undefined) return schemaSample(doc, first, depth + 1)
  }
  if (Array.isArray(schema['allOf'])) {
    const parts = schema['allOf'].map((part) => schemaSample(doc, part, depth + 1))
    return parts.every(isRecord) ? (Object.assign({}, ...parts) as Json) : parts[0]
  }
  const type = Array.isArray(schema['type'])
    ? (schema['type'] as unknown[]).find((t) => t !== 'null')
    : schema['type']
  if (type === 'object' || (type === undefined && isRecord(schema['properties']))) {
    const out: Json = {}
    for (const [name, property] of Object.entries(isRecord(schema['properties']) ? schema['properties'] : {}))
      out[name] = schemaSample(doc, property, depth + 1)
    return out
  }
  if (type === 'array') return [schemaSample(doc, schema['items'], depth + 1)]
  if (type === 'integer' || type === 'number')
    return typeof schema['minimum'] === 'number' ? schema['minimum'] : 1
  if (type === 'boolean') return true
  if (type === 'string') return FORMATS[String(schema['format'])] ?? 'x'
  return null
}

interface Parameter {
  name: string
  in: string
  required: boolean
  /** The document's own values (possibly none). */
  examples: unknown[]
  /** A value when it has none. */
  fallback: unknown
  /** Swagger 2 `in: body`: its schema. */
  schema: unknown
}

function readParameter(doc: Json, raw: unknown): Parameter | undefined {
  const p = deref(doc, raw)
  if (!isRecord(p) || typeof p['name'] !== 'string' || typeof p['in'] !== 'string') return undefined
  const examples: unknown[] = []
  if (p['example'] !== undefined) examples.push(p['example'])
  else if (isRecord(p['examples'])) {
    for (const example of Object.values(p['examples'])) {
      const value = deref(doc, example)
      if (isRecord(value) && value['value'] !== undefined) examples.push(value['value'])
    }
  } else if (p['x-example'] !== undefined) examples.push(p['x-example'])
  // OpenAPI 3 keeps the type in `schema`; Swagger 2 on the parameter itself.
  const schema = deref(doc, p['schema']) ?? p
  if (examples.length === 0 && isRecord(schema) && p['in'] !== 'body')
    examples.push(...schemaExamples(schema))
  return {
    name: p['name'],
    in: p['in'],
    required: p['required'] === true || p['in'] === 'path',
    examples,
    fallback: schemaSample(doc, schema),
    schema: p['schema']
  }
}

const text = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : Array.isArray(value)
      ? value.map(text).join(',')
      : isRecord(value)
        ? JSON.stringify(value)
        : String(value)

/** A body's examples for one media type of an OpenAPI 3 requestBody. */
function mediaExamples(doc: Json, media: Json): unknown[] {
  if (media['example'] !== undefined) return [media['example']]
  const named = isRecord(media['examples'])
    ? Object.values(media['examples'])
        .map((e) => deref(doc, e))
        .filter(isRecord)
        .map((e) => e['value'])
        .filter((v) => v !== undefined)
    : []
  if (named.length > 0) return named
  const schema = deref(doc, media['schema'])
  const own = isRecord(schema) ? schemaExamples(schema) : []
  return own.length > 0 ? own : [schemaSample(doc, schema)]
}

/** json first, then form, text, multipart, anything. */
function pickMediaType(types: readonly string[]): string | undefined {
  const rank = (t: string): number =>
    /[/+]json\b/i.test(t)
      ? 0
      : /x-www-form-urlencoded/i.test(t)
        ? 1
        : /^text\//i.test(t)
          ? 2
          : /multipart\/form-data/i.test(t)
            ? 3
            : 4
  return [...types].sort((a, b) => rank(a) - rank(b))[0]
}

/** A body value as `mediaType` sends it, with its content-type header. */
export function serialiseBody(
  value: unknown,
  mediaType: string
): { body: string; headers: Record<string, string> } {
  if (/x-www-form-urlencoded/i.test(mediaType)) {
    const form = new URLSearchParams()
    for (const [name, v] of Object.entries(isRecord(value) ? value : {})) form.append(name, text(v))
    return { body: form.toString(), headers: { 'content-type': mediaType } }
  }
  if (/multipart\/form-data/i.test(mediaType)) {
    const boundary = 'pulya-check-boundary'
    const parts = Object.entries(isRecord(value) ? value : {}).map(
      ([name, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${text(v)}\r\n`
    )
    return {
      body: `${parts.join('')}--${boundary}--\r\n`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }
    }
  }
  if (/[/+]json\b/i.test(mediaType))
    return { body: JSON.stringify(value), headers: { 'content-type': mediaType } }
  return { body: text(value), headers: { 'content-type': mediaType } }
}

/** A server URL's path: `https://api.example.com/v1/` → `/v1`, variables at their defaults. */
export function serverPath(url: string, variables: unknown): string {
  const filled = url.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const variable = isRecord(variables) ? variables[name] : undefined
    // A variable must have a default; without one its name stands in.
    return isRecord(variable) && variable['default'] !== undefined ? text(variable['default']) : name
  })
  const path = /^[a-z][a-z0-9+.-]*:\/\//i.test(filled)
    ? new URL(filled).pathname
    : filled.replace(/^[^/]*/, '')
  return path.replace(/\/+$/, '')
}

function bodyOf(
  doc: Json,
  operation: Json,
  parameters: readonly Parameter[],
  consumes: readonly string[]
): Array<{ body: string; headers: Record<string, string> }> {
  const requestBody = deref(doc, operation['requestBody'])
  if (isRecord(requestBody) && isRecord(requestBody['content'])) {
    const content = requestBody['content']
    const mediaType = pickMediaType(Object.keys(content))
    if (mediaType === undefined) return []
    return mediaExamples(doc, deref(doc, content[mediaType]) as Json).map((value) =>
      serialiseBody(value, mediaType)
    )
  }
  // Swagger 2: one `in: body` parameter, or `in: formData` fields.
  const body = parameters.find((p) => p.in === 'body')
  const mediaType = pickMediaType(consumes) ?? 'application/json'
  if (body !== undefined)
    return (body.examples.length > 0 ? body.examples : [schemaSample(doc, body.schema)]).map((value) =>
      serialiseBody(value, /json/i.test(mediaType) ? mediaType : 'application/json')
    )
  const fields = parameters.filter((p) => p.in === 'formData' && (p.required || p.examples.length > 0))
  if (fields.length === 0) return []
  const form = /multipart/i.test(mediaType) ? mediaType : 'application/x-www-form-urlencoded'
  return [serialiseBody(Object.fromEntries(fields.map((f) => [f.name, f.examples[0] ?? f.fallback])), form)]
}

function operationRequests(
  path: string,
  method: string,
  parameters: readonly Parameter[],
  bodies: ReadonlyArray<{ body: string; headers: Record<string, string> }>
): SpecRequest[] {
  // Optional query, header and cookie parameters go out only when the document gives them a value.
  const used = parameters
    .filter(
      (p) =>
        p.in === 'path' ||
        ((p.in === 'query' || p.in === 'header' || p.in === 'cookie') &&
          (p.required || p.examples.length > 0))
    )
    .filter((p) => !(p.in === 'header' && RESERVED_HEADERS.has(p.name.toLowerCase())))
  const count = Math.min(MAX_EXAMPLES, Math.max(1, bodies.length, ...used.map((p) => p.examples.length)))
  const requests: SpecRequest[] = []
  for (let i = 0; i < count; i++) {
    const value = (p: Parameter): unknown =>
      p.examples.length > 0 ? p.examples[i % p.examples.length] : (p.fallback ?? '1')
    let concrete = path
    const query = new URLSearchParams()
    const cookies: string[] = []
    let headers: Record<string, string> = {}
    for (const p of used) {
      const v = value(p)
      if (p.in === 'path') concrete = concrete.split(`{${p.name}}`).join(encodeURIComponent(text(v)))
      else if (p.in === 'query')
        for (const item of Array.isArray(v) ? v : [v]) query.append(p.name, text(item))
      else if (p.in === 'header') headers[p.name.toLowerCase()] = text(v)
      else cookies.push(`${p.name}=${encodeURIComponent(text(v))}`)
    }
    if (cookies.length > 0) headers['cookie'] = cookies.join('; ')
    const body =
      bodies.length > 0
        ? (bodies[i % bodies.length] as { body: string; headers: Record<string, string> })
        : undefined
    if (body !== undefined) headers = { ...headers, ...body.headers }
    const search = query.toString()
    requests.push({
      method: method.toUpperCase(),
      path: search === '' ? concrete : `${concrete}?${search}`,
      headers,
      body: body?.body ?? null,
      origin: `${method.toUpperCase()} ${path}`
    })
  }
  return requests
}

/** The requests of an OpenAPI 3.x or Swagger 2 document. @throws Error, one line, for what is not one */
export function specRequests(value: unknown): SpecRequests {
  if (
    !isRecord(value) ||
    !(typeof value['openapi'] === 'string' ? value['openapi'].startsWith('3.') : value['swagger'] === '2.0')
  ) {
    throw new Error(
      'not an OpenAPI 3.x or Swagger 2.0 document (no "openapi": "3.x" or "swagger": "2.0" field)'
    )
  }
  const doc = value
  if (!isRecord(doc['paths'])) throw new Error('the document has no "paths" object')
  const prefixes = new Set<string>()
  if (typeof doc['basePath'] === 'string') prefixes.add(doc['basePath'].replace(/\/+$/, ''))
  const addServers = (servers: unknown): void => {
    for (const server of Array.isArray(servers) ? servers : [])
      if (isRecord(server) && typeof server['url'] === 'string')
        prefixes.add(serverPath(server['url'], server['variables']))
  }
  addServers(doc['servers'])
  const consumes = Array.isArray(doc['consumes']) ? doc['consumes'].map(String) : []
  const requests: SpecRequest[] = []
  for (const [path, rawItem] of Object.entries(doc['paths'])) {
    const item = deref(doc, rawItem)
    if (!isRecord(item)) continue
    addServers(item['servers'])
    const shared = Array.isArray(item['parameters']) ? item['parameters'] : []
    for (const method of METHODS) {
      const operation = item[method]
      if (!isRecord(operation)) continue
      // An operation's parameter overrides the path item's of the same name and place.
      const byKey = new Map<string, Parameter>()
      const own: unknown[] = Array.isArray(operation['parameters']) ? operation['parameters'] : []
      for (const raw of [...(shared as unknown[]), ...own]) {
        const p = readParameter(doc, raw)
        if (p !== undefined) byKey.set(`${p.in}:${p.name}`, p)
      }
      const parameters = [...byKey.values()]
      const bodies = bodyOf(
        doc,
        operation,
        parameters,
        Array.isArray(operation['consumes']) ? operation['consumes'].map(String) : consumes
      )
      requests.push(...operationRequests(path, method, parameters, bodies))
    }
  }
  if (requests.length === 0) throw new Error('the document has no operations under "paths"')
  prefixes.delete('')
  return { requests, prefixes: [...prefixes] }
}
