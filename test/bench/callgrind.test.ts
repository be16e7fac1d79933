/**
 * bench:instructions' reading of a callgrind dump: instructions in total, in V8's compiler, in
 * the garbage collector and in the process sampler's histogram reads (its own functions and
 * what they call), with callgrind's name compression and call lines.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readCallgrind } from '../../bench/lib/callgrind.mjs'

const dir = mkdtempSync(join(tmpdir(), 'pulya-callgrind-'))
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

function dump(text: string): string {
  const file = join(dir, `${String(Math.random()).slice(2)}.out`)
  writeFileSync(file, text)
  return file
}

// The shape callgrind writes with --dump-instr=no: fn= names a function once, later by id;
// the line after calls= is the inclusive cost of that call, not the caller's own.
const DUMP = `version: 1
creator: callgrind-3.19.0
events: Ir
fl=(1) ???
fn=(1) Builtins_LoadIC
0 100
+2 50
fn=(2) v8::internal::compiler::GraphReducer::ReduceTop()
0 300
fn=(3) v8::internal::Scavenger::ScavengePage(v8::internal::MemoryChunk*)
0 40
fn=(4) hdr_reset
0 5
cfn=(5) __memset_avx2_unaligned_erms
calls=1 0
0 200
fn=(5)
0 200
fn=(6) hdr_value_at_percentile
0 6
+1 4
cfn=(7) all_values_iter_next
calls=3 0
0 90
fn=(7)
0 90
fn=(1)
0 10
cfn=(4)
calls=1 0
0 205
totals: 805
`

describe('readCallgrind', () => {
  it('splits the total into the compiler, the GC and the sampler, counting a call once', () => {
    const parts = readCallgrind(dump(DUMP))
    expect(parts.total).toBe(805)
    expect(parts.compiler).toBe(300)
    expect(parts.gc).toBe(40)
    // hdr_reset 5 + its memset 200 + hdr_value_at_percentile 10 + all_values_iter_next 90 (its own
    // function: not again through the call line).
    expect(parts.sampler).toBe(305)
    expect(parts.byFunction.get('Builtins_LoadIC')).toBe(160)
    // memset's own 200 is in byFunction too, and only once in the sampler (through hdr_reset).
    expect(parts.byFunction.get('__memset_avx2_unaligned_erms')).toBe(200)
  })

  it('sums the functions when a dump has no totals line', () => {
    expect(readCallgrind(dump(DUMP.replace('totals: 805\n', ''))).total).toBe(805)
  })
})
