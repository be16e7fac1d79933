// Reads a callgrind dump (valgrind --tool=callgrind) into the parts bench/instructions.mjs
// reports: instructions (Ir) in total, in V8's optimising compiler, in the garbage collector and
// in the process sampler's histogram reads. Only the first event of a cost line (Ir) is read.
import { readFileSync } from 'node:fs'

// V8's compilers (TurboFan, Maglev, Sparkplug batches, their zones): natively they settle after
// warm-up; under valgrind a steady trickle of compile work remains, so it is reported apart.
const COMPILER =
  /v8::internal::(compiler|maglev|baseline|turboshaft)::|v8::internal::Zone::|v8::internal::(OptimizedCompilationJob|TurbofanCompilationJob|Pipeline)/
const GC =
  /v8::internal::(Heap|Scavenge|Scavenger|MarkCompact|MinorMarkCompact|Sweeper|Marking|ConcurrentMarking|IncrementalMarking|Evacuat|RememberedSet|SlotSet|GCTracer|MemoryChunk|PagedSpace|LocalHeap|FreeList|MarkingVisitor|YoungGeneration)|^heap::base::|^cppgc::/
// Node's event-loop-delay histogram (HdrHistogram), read by pulya's process sampler once per
// interval: time-based work, which valgrind's ~50× slow-down inflates per request.
const SAMPLER = /^(hdr_|all_values_iter|recorded_iter|percentile_iter|iter_)/

/**
 * @param {string} file a callgrind output file
 * @returns {{ total: number, compiler: number, gc: number, sampler: number, byFunction: Map<string, number> }}
 */
export function readCallgrind(file) {
  const text = readFileSync(file, 'utf8')
  const names = new Map()
  const self = new Map()
  const samplerCalls = { cost: 0 }
  let fn = null
  let callee = null
  let afterCalls = false
  let total = 0
  for (const line of text.split('\n')) {
    if (line.startsWith('fn=') || line.startsWith('cfn=')) {
      const match = /^c?fn=\((\d+)\)(?: (.*))?$/.exec(line)
      if (match === null) continue
      if (match[2] !== undefined) names.set(match[1], match[2])
      if (line[0] === 'f') fn = match[1]
      else callee = match[1]
      continue
    }
    if (line.startsWith('calls=')) {
      afterCalls = true
      continue
    }
    if (line.startsWith('totals:')) {
      total = Number(line.slice(7).trim().split(/\s+/)[0])
      continue
    }
    const first = line.charCodeAt(0)
    // A cost line: a position (a number, +n, -n or *) then the events.
    if (!(first >= 48 && first <= 57) && first !== 43 && first !== 45 && first !== 42) continue
    const cost = Number(line.split(' ')[1])
    if (!Number.isFinite(cost) || fn === null) continue
    if (afterCalls) {
      // The inclusive cost of a call: only the sampler's calls out of its own functions count.
      afterCalls = false
      const caller = names.get(fn) ?? ''
      if (SAMPLER.test(caller) && !SAMPLER.test(names.get(callee) ?? '')) samplerCalls.cost += cost
      continue
    }
    self.set(fn, (self.get(fn) ?? 0) + cost)
  }
  const byFunction = new Map()
  let compiler = 0
  let gc = 0
  let sampler = samplerCalls.cost
  for (const [id, cost] of self) {
    const name = names.get(id) ?? id
    byFunction.set(name, (byFunction.get(name) ?? 0) + cost)
    if (COMPILER.test(name)) compiler += cost
    else if (GC.test(name)) gc += cost
    else if (SAMPLER.test(name)) sampler += cost
  }
  if (total === 0) for (const cost of self.values()) total += cost
  return { total, compiler, gc, sampler, byFunction }
}
