// The schema-serialiser prototype measured in bench/NOTES.md: a route-level `responseSchema(schema)`
// that compiles its serialiser when the route is defined and, per request, points `res.json` at
// it. Only for the json workloads' `json` routes: their bodies are plain data that the schema
// from `schemaOf` describes exactly, so the bytes equal JSON.stringify's (the runner checks).
import fastJson from 'fast-json-stringify'
import { schemaOf } from './workloads.mjs'

function layerFor(stringify) {
  // Express's res.json with one argument, no replacer/spaces/escape (the bench apps set none):
  // the type when none is set, then res.send of the string.
  function json(obj) {
    if (!this.get('Content-Type')) this.setHeader('Content-Type', 'application/json; charset=utf-8')
    return this.send(stringify(obj))
  }
  return function responseSchema(req, res, next) {
    res.json = json
    next()
  }
}

/** The layer with a fast-json-stringify serialiser compiled from the route's body. */
export function compiledLayer(route) {
  return route.kind === 'json' ? layerFor(fastJson(schemaOf(route.body))) : null
}

/** The same layer with JSON.stringify: what the layer itself costs. */
export function stringifyLayer(route) {
  return route.kind === 'json' ? layerFor(JSON.stringify) : null
}
