/**
 * `pulya bench`'s measurement loop over two servers (vanilla, pulya) and one load generator,
 * all given as interfaces so the loop is tested in-process; main.ts gives it child processes.
 * Per workload and round, each server gets a short re-warm, a drain of what the re-warm left
 * queued, then the measured window, charged with exactly the CPU the server reports for it.
 * The order of the two alternates per round (A B, B A, …) so slow drift cancels out.
 */
import type { BenchWorkload } from './bench-plan.js'
import type { LoadOrder, LoadResult } from './load-generator.js'

/** A server's own account of itself, as process.cpuUsage() and RSS give it. */
export interface ServerSample {
  cpu: { user: number; system: number }
  rss: number
}

/** A server under load: where it listens, and its CPU/RSS on demand. */
export interface BenchServer {
  url: string
  sample(): Promise<ServerSample>
}

/** The load generator. */
export interface BenchLoader {
  run(order: LoadOrder): Promise<LoadResult>
}

/** The servers measured: vanilla, pulya as the app serves it, pulya under its own server (handler mode). */
export type Side = 'vanilla' | 'pulya' | 'pulyaServer'

/** The servers of a run: pulyaServer only when pulya's own server is measured too. */
export interface BenchServers {
  vanilla: BenchServer
  pulya: BenchServer
  pulyaServer?: BenchServer
}

/** One measured window of one server. */
export interface WindowSample {
  round: number
  rps: number
  requests: number
  durationS: number
  p50Ms: number | null
  p99Ms: number | null
  /** Server user+system CPU over the window ÷ requests completed. */
  cpuUsPerReq: number
  rssMb: number
  loaderCpu: number
  statusCodes: Record<string, number>
  errors: number
  timeouts: number
}

/** Every window of one workload. */
export interface WorkloadRun {
  workload: BenchWorkload
  vanilla: WindowSample[]
  pulya: WindowSample[]
  /** Present when pulya's own server was measured. */
  pulyaServer?: WindowSample[]
}

/** The timing of a run. */
export interface RunConfig {
  durationS: number
  rounds: number
  connections: number
  warmupS: number
  /** Load before each window, unmeasured: fresh connections, hot caches. */
  rewarmS: number
}

function cpuSeconds(sample: ServerSample): number {
  return (sample.cpu.user + sample.cpu.system) / 1e6
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms))

/**
 * Waits until each server uses under `share` of a CPU over `stepMs` (an idle one still spends
 * ~0.3 ms answering a sample over IPC), for at most `maxMs`; returns the time waited. Shared
 * with bench/lib/session.mjs.
 */
export async function waitIdle(
  servers: ReadonlyArray<Pick<BenchServer, 'sample'>>,
  { stepMs, share, maxMs }: { stepMs: number; share: number; maxMs: number }
): Promise<number> {
  const started = Date.now()
  const read = (): Promise<number[]> => Promise.all(servers.map(async (s) => cpuSeconds(await s.sample())))
  let before = await read()
  while (Date.now() - started < maxMs) {
    await sleep(stepMs)
    const after = await read()
    if (after.every((cpu, i) => cpu - (before[i] as number) < (stepMs / 1000) * share)) break
    before = after
  }
  return Date.now() - started
}

async function measureWindow(
  server: BenchServer,
  workload: BenchWorkload,
  loader: BenchLoader,
  config: RunConfig,
  round: number
): Promise<WindowSample> {
  const order = { url: server.url, connections: config.connections, requests: workload.requests }
  if (config.rewarmS > 0) await loader.run({ ...order, duration: config.rewarmS })
  // When autocannon stops, up to `connections` requests may still be queued in the server:
  // a slow route's backlog would land in the next window. Drain it.
  await waitIdle([server], { stepMs: 50, share: 0.05, maxMs: 3_000 })
  const before = await server.sample()
  const result = await loader.run({ ...order, duration: config.durationS })
  const after = await server.sample()
  const cpuUs = (cpuSeconds(after) - cpuSeconds(before)) * 1e6
  return {
    round,
    rps: result.rps,
    requests: result.requests,
    durationS: result.durationS,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    cpuUsPerReq: result.requests > 0 ? cpuUs / result.requests : Number.NaN,
    rssMb: after.rss / 2 ** 20,
    loaderCpu: result.loaderCpu,
    statusCodes: result.statusCodes,
    errors: result.errors,
    timeouts: result.timeouts
  }
}

/** The sides of `servers`, in their first round's order. */
export function sidesOf(servers: BenchServers): Side[] {
  return servers.pulyaServer === undefined ? ['vanilla', 'pulya'] : ['vanilla', 'pulya', 'pulyaServer']
}

/**
 * Measures every workload on every server: each server warmed once with the first workload
 * (the mix), then per workload `rounds` interleaved rounds, the order reversed every other round.
 * @param progress - called before each window with how many are done and what comes next
 */
export async function runBench(
  workloads: readonly BenchWorkload[],
  servers: BenchServers,
  loader: BenchLoader,
  config: RunConfig,
  progress: (done: number, total: number, label: string) => void = () => undefined
): Promise<WorkloadRun[]> {
  const sides = sidesOf(servers)
  const first = workloads[0]
  if (config.warmupS > 0 && first !== undefined) {
    for (const side of sides)
      await loader.run({
        url: (servers[side] as BenchServer).url,
        connections: config.connections,
        requests: first.requests,
        duration: config.warmupS
      })
  }
  const total = workloads.length * config.rounds * sides.length
  let done = 0
  const runs: WorkloadRun[] = []
  for (const workload of workloads) {
    const run: WorkloadRun = { workload, vanilla: [], pulya: [] }
    if (servers.pulyaServer !== undefined) run.pulyaServer = []
    for (let round = 1; round <= config.rounds; round++) {
      for (const side of round % 2 === 1 ? sides : [...sides].reverse()) {
        progress(done++, total, `${workload.name} · round ${round}/${config.rounds} · ${side}`)
        const window = await measureWindow(servers[side] as BenchServer, workload, loader, config, round)
        ;(run[side] as WindowSample[]).push(window)
      }
    }
    runs.push(run)
  }
  progress(done, total, 'done')
  return runs
}

/**
 * Seconds a run of `workloads` windows on `servers` servers is expected to take (measured
 * overheads included).
 * @default servers 2
 */
export function estimateSeconds(workloads: number, config: RunConfig, servers = 2): number {
  // Per window: autocannon's start-up and 100 ms ticks (twice: re-warm and window), the drain and the samples: ~0.3 s.
  return (
    servers * config.warmupS + workloads * config.rounds * servers * (config.rewarmS + config.durationS + 0.3)
  )
}
