// Child processes of a benchmark run: servers and the loader, each pinned to one CPU with
// taskset, spoken to over IPC, and always killed when the runner exits for any reason.
import { execFileSync, spawn } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'

const SERVER_SCRIPT = fileURLToPath(new URL('../http/server.mjs', import.meta.url))
const LOADER_SCRIPT = fileURLToPath(new URL('../http/loader.mjs', import.meta.url))

/** The server runs on this CPU, the loader on the other. */
export const SERVER_CPU = 0
export const LOADER_CPU = 1

const children = new Set()

// 'exit' handlers must be synchronous: SIGKILL every child still alive. Servers also exit by
// themselves when their IPC channel closes, which covers a runner killed with SIGKILL.
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL')
})
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => process.exit(130))
}

function detectPinning () {
  if (availableParallelism() < 2) return { available: false, reason: 'fewer than 2 CPUs' }
  try {
    execFileSync('taskset', ['-c', String(LOADER_CPU), 'true'], { stdio: 'ignore' })
    return { available: true, reason: null }
  } catch {
    return { available: false, reason: 'taskset is missing or refused' }
  }
}

/** Whether processes can be pinned here; without it numbers are noisier and the report says so. */
export const PINNING = detectPinning()

function spawnPinned (cpu, bin, args, env, verbose) {
  const [command, argv] = PINNING.available ? ['taskset', ['-c', String(cpu), bin, ...args]] : [bin, args]
  const child = spawn(command, argv, {
    env: { ...process.env, ...env },
    // /dev/null by default: the errors workload makes Express and Koa log a stack per request.
    stdio: verbose ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'ignore', 'ignore', 'ipc']
  })
  children.add(child)
  child.on('exit', () => children.delete(child))
  return child
}

// Request/response over a child's IPC channel, matched by id; a child that dies or reports a
// fatal error rejects whatever is pending instead of hanging the run.
class IpcPeer {
  constructor (child, label) {
    this.child = child
    this.label = label
    this.nextId = 1
    this.pending = new Map()
    this.waiters = new Map()
    this.failure = null
    child.on('message', (message) => this.onMessage(message))
    child.on('exit', (code, signal) => this.fail(new Error(`${label} exited (code ${code}, signal ${signal})`)))
    child.on('error', (err) => this.fail(err))
  }

  onMessage (message) {
    if (message?.type === 'fatal') return this.fail(new Error(`${this.label} crashed:\n${message.message}`))
    const waiter = message?.id != null ? this.pending.get(message.id) : this.waiters.get(message?.type)
    if (!waiter) return
    if (message.id != null) this.pending.delete(message.id)
    else this.waiters.delete(message.type)
    waiter.resolve(message)
  }

  fail (err) {
    if (this.failure) return
    this.failure = err
    for (const waiter of [...this.pending.values(), ...this.waiters.values()]) waiter.reject(err)
    this.pending.clear()
    this.waiters.clear()
  }

  waitFor (type, timeoutMs) {
    if (this.failure) return Promise.reject(this.failure)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error(`${this.label}: no "${type}" within ${timeoutMs} ms`)), timeoutMs)
      const done = (fn) => (value) => { clearTimeout(timer); fn(value) }
      this.waiters.set(type, { resolve: done(resolve), reject: done(reject) })
    })
  }

  request (message, timeoutMs) {
    if (this.failure) return Promise.reject(this.failure)
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error(`${this.label}: no answer to "${message.type}" within ${timeoutMs} ms`)), timeoutMs)
      const done = (fn) => (value) => { clearTimeout(timer); fn(value) }
      this.pending.set(id, { resolve: done(resolve), reject: done(reject) })
      this.child.send({ ...message, id })
    })
  }

  stop () {
    this.failure ??= new Error(`${this.label} stopped`)
    this.child.removeAllListeners('exit')
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL')
  }
}

/**
 * Starts one benchmark server pinned to SERVER_CPU and waits until it listens.
 * @returns {Promise<{ port, pid, node, sample: () => Promise<{cpu, rss}>, stop: () => void }>}
 */
export async function startServer ({ variant, workload, node, verbose = false }) {
  const label = `server ${variant}@${node.major} (${workload})`
  const child = spawnPinned(SERVER_CPU, node.bin, [SERVER_SCRIPT, variant, workload], { NODE_ENV: 'production' }, verbose)
  const peer = new IpcPeer(child, label)
  try {
    // Generous: 10,000 routes take a few seconds to register on a slow router.
    const ready = await peer.waitFor('ready', 60_000)
    return {
      port: ready.port,
      pid: ready.pid,
      node: ready.node,
      sample: () => peer.request({ type: 'sample' }, 10_000),
      stop: () => peer.stop()
    }
  } catch (err) {
    peer.stop()
    throw err
  }
}

/**
 * Starts the autocannon process pinned to LOADER_CPU, on the runner's own Node.
 * @returns {Promise<{ run: (order) => Promise<object>, stop: () => void }>}
 */
export async function startLoader ({ verbose = false } = {}) {
  const child = spawnPinned(LOADER_CPU, process.execPath, [LOADER_SCRIPT], {}, verbose)
  const peer = new IpcPeer(child, 'loader')
  await peer.waitFor('ready', 30_000)
  return {
    run: async (order) => {
      const answer = await peer.request({ type: 'run', ...order }, (order.duration + 30) * 1000)
      if (answer.error) throw new Error(`loader failed: ${answer.error}`)
      return answer.result
    },
    stop: () => peer.stop()
  }
}

const resolvedNodes = new Map()

/**
 * The Node binary for a major version: this process's own, or the `node` npm package's
 * binary, resolved once through `npx -y node@<major>` (downloaded on first use, then cached).
 * @returns {{ major: number, bin: string, version: string }}
 */
export function resolveNode (major) {
  if (resolvedNodes.has(major)) return resolvedNodes.get(major)
  let bin = process.execPath
  if (Number(process.versions.node.split('.')[0]) !== major) {
    const out = execFileSync('npx', ['-y', `node@${major}`, '-p', 'process.execPath'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    bin = out.trim().split('\n').pop()
  }
  const version = execFileSync(bin, ['-p', 'process.version'], { encoding: 'utf8' }).trim()
  if (Number(version.slice(1).split('.')[0]) !== major) throw new Error(`asked for Node ${major}, ${bin} is ${version}`)
  const node = { major, bin, version }
  resolvedNodes.set(major, node)
  return node
}
