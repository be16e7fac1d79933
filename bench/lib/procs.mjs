// Child processes of a benchmark run: servers and the loader, each pinned to one CPU with
// taskset, spoken to over IPC, and always killed when the runner exits for any reason.
// Pinning and the IPC peer live in src/cli/pinning.ts and ipc-peer.ts, shared with `pulya bench`.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import {
  IpcPeer,
  LOADER_CPU,
  SERVER_CPU,
  detectPinning,
  spawnPinned as spawnOn
} from '../../dist/esm/cli/bench-kit.js'

export { LOADER_CPU, SERVER_CPU }

const SERVER_SCRIPT = fileURLToPath(new URL('../http/server.mjs', import.meta.url))
const LOADER_SCRIPT = fileURLToPath(new URL('../http/loader.mjs', import.meta.url))

const children = new Set()

// 'exit' handlers must be synchronous: SIGKILL every child still alive. Servers also exit by
// themselves when their IPC channel closes, which covers a runner killed with SIGKILL.
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL')
})
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => process.exit(130))
}

/** Whether processes can be pinned here; without it numbers are noisier and the report says so. */
export const PINNING = detectPinning()

function spawnPinned(cpu, bin, args, env, verbose) {
  // /dev/null by default: the errors workload makes Express and Koa log a stack per request.
  const output = verbose ? 'inherit' : 'ignore'
  const child = spawnOn(PINNING, cpu, bin, args, { env, stdout: output, stderr: output })
  children.add(child)
  child.on('exit', () => children.delete(child))
  return child
}

/**
 * Starts one benchmark server pinned to SERVER_CPU and waits until it listens.
 * @returns {Promise<{ port, pid, node, sample: () => Promise<{cpu, rss, now}>, stop: () => void,
 *   exit: () => Promise<void> }>}
 */
export async function startServer({
  variant,
  workload,
  node,
  verbose = false,
  wrapper = [],
  nodeArgs = [],
  readyMs = 60_000
}) {
  const label = `server ${variant}@${node.major} (${workload})`
  // `wrapper`: a command the server runs under (bench/instructions.mjs: valgrind and its flags);
  // `nodeArgs`: Node's own flags (bench/profile.mjs: --cpu-prof and its options).
  const [bin, ...args] = [...wrapper, node.bin, ...nodeArgs, SERVER_SCRIPT, variant, workload]
  const child = spawnPinned(SERVER_CPU, bin, args, { NODE_ENV: 'production' }, verbose)
  const peer = new IpcPeer(child, label)
  try {
    // Generous: 10,000 routes take a few seconds to register on a slow router.
    const ready = await peer.waitFor('ready', readyMs)
    return {
      port: ready.port,
      pid: ready.pid,
      node: ready.node,
      sample: () => peer.request({ type: 'sample' }, 10_000),
      stop: () => peer.stop(),
      /** Asks the server to exit by itself and waits until it has (a profile is written then). */
      exit: () =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve()
          child.once('exit', () => resolve())
          child.send({ type: 'exit' })
        })
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
export async function startLoader({ verbose = false } = {}) {
  const child = spawnPinned(LOADER_CPU, process.execPath, [LOADER_SCRIPT], {}, verbose)
  const peer = new IpcPeer(child, 'loader')
  await peer.waitFor('ready', 30_000)
  return {
    run: async (order) => {
      const answer = await peer.request({ type: 'run', ...order }, (order.duration + 30) * 1000)
      if (answer.error) throw new Error(`loader failed: ${answer.error}`)
      return answer.result
    },
    /** Exactly `order.amount` requests (bench/instructions.mjs); `timeoutMs` for all of them. */
    count: async (order, timeoutMs) => {
      const answer = await peer.request({ type: 'count', ...order }, timeoutMs)
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
export function resolveNode(major) {
  if (resolvedNodes.has(major)) return resolvedNodes.get(major)
  let bin = process.execPath
  if (Number(process.versions.node.split('.')[0]) !== major) {
    const out = execFileSync('npx', ['-y', `node@${major}`, '-p', 'process.execPath'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit']
    })
    bin = out.trim().split('\n').pop()
  }
  const version = execFileSync(bin, ['-p', 'process.version'], { encoding: 'utf8' }).trim()
  if (Number(version.slice(1).split('.')[0]) !== major)
    throw new Error(`asked for Node ${major}, ${bin} is ${version}`)
  const node = { major, bin, version }
  resolvedNodes.set(major, node)
  return node
}
