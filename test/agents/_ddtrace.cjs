'use strict'
// dd-trace, started as its docs say (`node --require dd-trace/init`, configured by DD_*
// environment variables: the agent URL is the test's local collector). Before it loads, this
// file learns every diagnostics channel dd-trace subscribes to and counts each one's
// publications per request, so AppSec's channels (`datadog:express:*`, `apm:express:*`,
// `apm:router:*`, `apm:koa:*`, …) can be compared with and without pulya.
const dc = require('node:diagnostics_channel')

const counts = new Map()
const counted = new Set()
const subscribe = dc.subscribe

function count(name) {
  if (counted.has(name) || typeof name !== 'string') return
  counted.add(name)
  subscribe.call(dc, name, () => {
    counts.set(name, (counts.get(name) ?? 0) + 1)
  })
}

dc.subscribe = function subscribeCounted(name, onMessage) {
  const result = subscribe.call(this, name, onMessage)
  count(name)
  return result
}
// `channel(name).subscribe(fn)` turns a channel active through its prototype's `subscribe`.
const channelProto = Object.getPrototypeOf(dc.channel('pulya.test.probe'))
const channelSubscribe = channelProto.subscribe
channelProto.subscribe = function subscribeCounted(onMessage) {
  const result = channelSubscribe.call(this, onMessage)
  count(this.name)
  return result
}

// The line each Node runs in production: dd-trace 5 on Node 20, dd-trace 6 (Node >= 22 only) on
// 22 and later (this repo's `dd-trace6` alias; `npm run test:node24` runs it).
require(Number(process.versions.node.split('.')[0]) >= 22 ? 'dd-trace6/init' : 'dd-trace/init')

let before = new Map()
const perRequest = []

globalThis[Symbol.for('pulya.test.agent')] = {
  async settle() {
    // Spans finish as the response ends; dd-trace then hands the trace to its exporter.
    await new Promise((resolve) => setTimeout(resolve, 30))
    const delta = {}
    for (const [name, value] of [...counts].sort()) {
      const diff = value - (before.get(name) ?? 0)
      if (diff !== 0) delta[name] = diff
    }
    perRequest.push(delta)
    before = new Map(counts)
  },
  async records() {
    // The exporter flushes every DD_TRACE_FLUSH_INTERVAL ms; give it two rounds.
    await new Promise((resolve) =>
      setTimeout(resolve, 2 * Number(process.env.DD_TRACE_FLUSH_INTERVAL ?? 100) + 100)
    )
    return { channels: perRequest.slice(1), subscribed: [...counted].sort() }
  }
}
