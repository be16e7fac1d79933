// JSON serialisation of the three response shapes of the schema-serialiser question (bench/NOTES.md) — a small object, a ~1 KB
// object, a 100-item array — by JSON.stringify (what res.json and Koa's respond use) and by a
// serializer fast-json-stringify compiled from the response's schema, once, at start-up. A
// compiled serializer is worth building into pulya only where the time it saves is ≥ 5% of a
// request's server CPU (bench/NOTES.md, "Compiled response schemas").
import fastJson from 'fast-json-stringify'

const SMALL = { id: 1296269, name: 'hello-world', owner: { login: 'octocat' }, private: false }
const ITEM_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    private: { type: 'boolean' },
    stars: { type: 'integer' },
    owner: {
      type: 'object',
      properties: { login: { type: 'string' }, id: { type: 'integer' }, type: { type: 'string' } }
    },
    topics: { type: 'array', items: { type: 'string' } },
    updated_at: { type: 'string' }
  }
}

function item(i) {
  return {
    id: 1296269 + i,
    name: `hello-world-${i}`,
    private: i % 2 === 0,
    stars: 80 * i + 3,
    owner: { login: 'octocat', id: 583231, type: 'User' },
    topics: ['api', 'http'],
    updated_at: '2011-01-26T19:14:43Z'
  }
}
const items = (n) => Array.from({ length: n }, (_, i) => item(i))

const SHAPES = [
  {
    name: 'small object (~90 B)',
    value: SMALL,
    schema: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        name: { type: 'string' },
        owner: { type: 'object', properties: { login: { type: 'string' } } },
        private: { type: 'boolean' }
      }
    }
  },
  {
    // The bench's `json` workload (bench/http/workloads.mjs).
    name: '~1 KB object',
    value: { total_count: 6, incomplete_results: false, items: items(6) },
    schema: {
      type: 'object',
      properties: {
        total_count: { type: 'integer' },
        incomplete_results: { type: 'boolean' },
        items: { type: 'array', items: ITEM_SCHEMA }
      }
    }
  },
  {
    name: '100-item array (~17 KB)',
    value: items(100),
    schema: { type: 'array', items: ITEM_SCHEMA }
  }
]

/**
 * What a compiled serializer must check before its bytes can stand for JSON.stringify's: a value
 * with exactly the schema's keys, in the schema's order, no toJSON, integers that are integers,
 * finite numbers, strings that are strings (fast-json-stringify rounds 1.5 for an integer, drops
 * extra keys, writes keys in the schema's order and coerces types). Compiled from the schema once.
 */
function compileCheck(schema) {
  switch (schema.type) {
    case 'object': {
      const keys = Object.keys(schema.properties)
      const checks = keys.map((key) => compileCheck(schema.properties[key]))
      return (value) => {
        if (
          typeof value !== 'object' ||
          value === null ||
          Array.isArray(value) ||
          typeof value.toJSON === 'function'
        )
          return false
        let i = 0
        for (const key in value) {
          if (key !== keys[i] || !Object.hasOwn(value, key) || !checks[i](value[key])) return false
          i++
        }
        return i === keys.length
      }
    }
    case 'array': {
      const check = compileCheck(schema.items)
      return (value) => {
        if (!Array.isArray(value)) return false
        for (let i = 0; i < value.length; i++) if (!check(value[i])) return false
        return true
      }
    }
    case 'integer':
      return (value) => Number.isSafeInteger(value)
    case 'number':
      return (value) => typeof value === 'number' && Number.isFinite(value)
    case 'string':
      return (value) => typeof value === 'string'
    case 'boolean':
      return (value) => typeof value === 'boolean'
  }
  throw new TypeError(`no check for schema type ${schema.type}`)
}

export const serializeSuite = {
  name: 'serialize',
  cases: SHAPES.map((shape) => ({
    name: shape.name,
    inputs: [shape.value],
    expected: [JSON.stringify(shape.value)]
  })),
  contestants: [
    { name: 'JSON.stringify', build: () => (value) => JSON.stringify(value) },
    ...SHAPES.map((shape) => ({
      name: 'fast-json-stringify (compiled)',
      only: [shape.name],
      build: () => fastJson(shape.schema)
    })),
    ...SHAPES.map((shape) => ({
      name: 'fast-json-stringify + exactness check',
      only: [shape.name],
      build: () => {
        const stringify = fastJson(shape.schema)
        const check = compileCheck(shape.schema)
        return (value) => (check(value) ? stringify(value) : JSON.stringify(value))
      }
    }))
  ]
}
