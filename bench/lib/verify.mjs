// Before any server is timed it must answer correctly: every check of the workload (status,
// exact body or a piece of it, listed headers), and a "+pulya" variant must answer byte for byte
// like its vanilla base (status, raw body, every header but Date and the workload's volatile parts).
// A wrong answer fails the run.
import { Agent, request } from 'node:http'
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'

const IGNORED_HEADERS = new Set(['date'])

const DECODERS = { br: brotliDecompressSync, gzip: gunzipSync, deflate: inflateSync }

/**
 * One request to 127.0.0.1:port with the check's own headers and body (`send`), if any.
 * @returns {Promise<{ status: number, headers: object, raw: Buffer, body: string }>} `raw` as
 *   received, `body` decoded from its Content-Encoding
 */
export function fetchOnce(port, { method, path, send }, agent) {
  return new Promise((resolve, reject) => {
    const headers = send?.headers ?? {}
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      const chunks = []
      res.on('data', (chunk) => chunks.push(chunk))
      res.on('end', () => {
        const raw = Buffer.concat(chunks)
        const decode = DECODERS[res.headers['content-encoding']]
        resolve({
          status: res.statusCode,
          headers: res.headers,
          raw,
          body: (decode ? decode(raw) : raw).toString('utf8')
        })
      })
      res.on('error', reject)
    })
    req.setTimeout(10_000, () => req.destroy(new Error(`timeout: ${method} ${path}`)))
    req.on('error', reject)
    req.end(send?.body)
  })
}

function clip(text) {
  return text.length > 160 ? `${text.slice(0, 160)}…` : text
}

/** Why `answer` does not satisfy `check` for a host of `family`, or null when it does. */
export function findCheckProblem(check, family, answer) {
  if (answer.status !== check.status) return `status ${answer.status}, expected ${check.status}`
  if (check.body !== undefined) {
    const body = forFamily(check.body, family)
    if (body === undefined) return `no expected body for family "${family}"`
    if (answer.body !== body)
      return `body ${JSON.stringify(clip(answer.body))}, expected ${JSON.stringify(clip(body))}`
  }
  if (check.contains !== undefined) {
    const piece = forFamily(check.contains, family)
    if (piece === undefined) return `no expected body piece for family "${family}"`
    if (!answer.body.includes(piece))
      return `body ${JSON.stringify(clip(answer.body))} has no ${JSON.stringify(piece)}`
  }
  for (const [name, value] of Object.entries(check.headers ?? {})) {
    const got = answer.headers[name.toLowerCase()]
    const ok = value instanceof RegExp ? typeof got === 'string' && value.test(got) : got === value
    if (!ok)
      return `header ${name}: ${JSON.stringify(got)}, expected ${value instanceof RegExp ? value : JSON.stringify(value)}`
  }
  return null
}

// A check's value: the same for every host, or one per family ({ express, koa, … }).
function forFamily(value, family) {
  return typeof value === 'string' ? value : value[family]
}

/**
 * Why two answers to the same request differ, or null when they are the same: status, raw body
 * bytes, every header but Date, each `volatile` header compared with its RegExp's match removed.
 * @param {Record<string, RegExp>} [volatile] from the workload
 */
export function findIdentityProblem(answer, baseAnswer, volatile = {}) {
  if (answer.status !== baseAnswer.status) return `status ${answer.status} vs ${baseAnswer.status}`
  if (!answer.raw.equals(baseAnswer.raw))
    return `body ${JSON.stringify(clip(answer.body))} vs ${JSON.stringify(clip(baseAnswer.body))}`
  const names = new Set([...Object.keys(answer.headers), ...Object.keys(baseAnswer.headers)])
  for (const name of names) {
    if (IGNORED_HEADERS.has(name)) continue
    const steady = (value) =>
      volatile[name] && typeof value === 'string' ? value.replace(volatile[name], '') : value
    if (steady(answer.headers[name]) !== steady(baseAnswer.headers[name])) {
      return `header ${name}: ${JSON.stringify(answer.headers[name])} vs ${JSON.stringify(baseAnswer.headers[name])}`
    }
  }
  return null
}

/**
 * Verifies every contestant of one workload; throws listing every problem found.
 * @param {object} workload from workloads.mjs
 * @param {Array<{ variant: object, node: object, server: { port: number } }>} contestants
 * @returns {Promise<string[]>} notes (e.g. a +pulya variant whose base is not in this run)
 */
export async function verifyContestants(workload, contestants) {
  const problems = []
  const notes = []
  const answers = new Map()
  // Servers in parallel (routes has 314 checks each), each one's checks in order.
  await Promise.all(
    contestants.map(async (contestant) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 })
      const list = []
      const label = `${contestant.variant.name}@${contestant.node.major}`
      try {
        for (const check of workload.checks) {
          const answer = await fetchOnce(contestant.server.port, check, agent)
          list.push(answer)
          const problem = findCheckProblem(check, contestant.variant.family, answer)
          if (problem) problems.push(`${label} ${check.method} ${check.path}: ${problem}`)
        }
      } finally {
        agent.destroy()
      }
      answers.set(contestant, list)
    })
  )
  for (const contestant of contestants) {
    const { base } = contestant.variant
    if (!base) continue
    const label = `${contestant.variant.name}@${contestant.node.major}`
    const baseContestant = contestants.find(
      (c) => c.variant.name === base && c.node.major === contestant.node.major
    )
    if (!baseContestant) {
      notes.push(`${label}: its base ${base} is not in this run, so byte-identity was not checked`)
      continue
    }
    const own = answers.get(contestant)
    const theirs = answers.get(baseContestant)
    workload.checks.forEach((check, i) => {
      const problem = findIdentityProblem(own[i], theirs[i], workload.volatile)
      if (problem) problems.push(`${label} differs from ${base} on ${check.method} ${check.path}: ${problem}`)
    })
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 20).join('\n  ')
    throw new Error(`workload ${workload.name}: ${problems.length} wrong answer(s):\n  ${shown}`)
  }
  return notes
}
