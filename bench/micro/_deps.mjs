// The helper packages exactly as each Express major loads them (resolved from inside that
// express), so the micro benchmarks time the very code a request runs, whatever npm hoists.
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const fromExpress4 = createRequire(fileURLToPath(import.meta.resolve('express4')))
const fromExpress5 = createRequire(fileURLToPath(import.meta.resolve('express')))
const fromFinalhandler2 = createRequire(fromExpress5.resolve('finalhandler'))

export const express4Response = fromExpress4('./lib/response.js')
export const express4Utils = fromExpress4('./lib/utils.js')
export const mimeTypes = fromExpress5('mime-types')
export const contentType = fromExpress4('content-type')
export const encodeUrl = fromFinalhandler2('encodeurl')
export const escapeHtml = fromFinalhandler2('escape-html')
export const parseUrl = fromFinalhandler2('parseurl')
