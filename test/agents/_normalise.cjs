'use strict'
// What differs between two runs of the same app for reasons that are not the app's:
// the ports the OS hands out and the file paths inside stack traces.

/** A recorded value with ports and stack frames replaced by placeholders. */
function normaliseValue(key, value) {
  if (typeof value === 'number' && /(^|\.)port$/.test(key)) return 'PORT'
  if (Array.isArray(value)) return value.map((item) => normaliseValue(key, item))
  if (typeof value !== 'string') return value
  return value.replace(/(127\.0\.0\.1|localhost):\d+/g, '$1:PORT').replace(/\n\s+at [^\n]+/g, '')
}

module.exports = { normaliseValue }
