/**
 * Pinning a measurement's processes to one CPU each with `taskset`, shared by `pulya bench` and
 * the repo's `bench/` harness (through bench-kit.ts): servers on SERVER_CPU, the load generator
 * on LOADER_CPU, so neither takes the other's CPU time.
 */
import { execFileSync, spawn, type ChildProcess } from 'child_process'
import { availableParallelism } from 'os'

/** Servers run on this CPU, the load generator on the other. */
export const SERVER_CPU = 0
export const LOADER_CPU = 1

/** Whether processes can be pinned here; when not, why (the report says so). */
export interface Pinning {
  available: boolean
  reason: string | null
}

/**
 * Whether `command` (taskset) can pin a process to LOADER_CPU on this machine.
 * @param command - the taskset binary
 * @default command 'taskset'
 * @example detectPinning() // { available: true, reason: null } on a Linux box with 2+ CPUs
 */
export function detectPinning(command = 'taskset', cpus = availableParallelism()): Pinning {
  if (cpus < 2) return { available: false, reason: 'fewer than 2 CPUs' }
  try {
    execFileSync(command, ['-c', String(LOADER_CPU), 'true'], { stdio: 'ignore' })
    return { available: true, reason: null }
  } catch {
    return { available: false, reason: `${command} is missing or refused` }
  }
}

/** How to start `bin args` on `cpu`: through taskset when pinning is available, else as is. */
export function pinnedCommand(
  pinning: Pinning,
  cpu: number,
  bin: string,
  args: readonly string[]
): [string, string[]] {
  return pinning.available ? ['taskset', ['-c', String(cpu), bin, ...args]] : [bin, [...args]]
}

/** Starts `bin args` with an IPC channel, pinned to `cpu` when `pinning` allows. */
export function spawnPinned(
  pinning: Pinning,
  cpu: number,
  bin: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; stderr?: 'inherit' | 'ignore'; stdout?: 'inherit' | 'ignore' } = {}
): ChildProcess {
  const [command, argv] = pinnedCommand(pinning, cpu, bin, args)
  return spawn(command, argv, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', options.stdout ?? 'ignore', options.stderr ?? 'ignore', 'ipc']
  })
}
