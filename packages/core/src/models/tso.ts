import { computeLoopSlots } from '../encoding/encode.js';
import { evalExpr } from '../ir/eval.js';
import { isShared, type Program } from '../ir/types.js';
import type { Semantics, StateView, StepInfo, Successor } from '../explore/semantics.js';
import {
  allDone,
  cloneThreadState,
  initialThreadState,
  loopCounts,
  runLocal,
  ST_RUNNING,
  type ThreadState,
} from '../explore/thread.js';
import { BAD_ADDRESS, isValidAddress } from './access.js';

/** One pending store in a thread's store buffer. */
export interface BufferedStore {
  readonly addr: number;
  readonly value: number;
}

/** An x86-TSO state: memory, thread states and one FIFO store buffer per thread (oldest first). */
export interface TsoState {
  readonly mem: Int32Array;
  readonly threads: readonly ThreadState[];
  readonly buffers: readonly (readonly BufferedStore[])[];
}

/** `StepInfo.choice` of a step that executes the thread's next instruction. */
export const TSO_EXECUTE = 0;
/** `StepInfo.choice` of a step that writes the oldest buffered store of the thread to memory. */
export const TSO_FLUSH = 1;

/**
 * Operational x86-TSO with a FIFO store buffer per thread.
 *
 * The kernel primitives are mapped as in the project's `litmus/model/tso-c.cat` (after
 * herd7's `x86tso.cat` and arch/x86/include/asm/barrier.h):
 * - READ_ONCE / smp_load_acquire: MOV load, forwarded from the newest own buffered store to
 *   the same address, else memory;
 * - WRITE_ONCE / smp_store_release / spin_unlock: MOV store, appended to the store buffer;
 * - smp_mb: MFENCE, waits until the own buffer is empty;
 * - smp_rmb / smp_wmb / smp_mb__{before,after}_atomic / smp_mb__after_spinlock: compiler
 *   barriers only (no-ops);
 * - every RMW (any ordering annotation, also a failed cmpxchg) and spin_lock: LOCK-prefixed,
 *   they need an empty buffer and act on memory atomically (a full fence).
 * A flush (choice {@link TSO_FLUSH}) is a step of its own. Final states have empty buffers.
 */
export class TsoSemantics implements Semantics<TsoState> {
  readonly model = 'tso' as const;
  readonly program: Program;
  private readonly slots: number[][];
  private readonly loops: number[];

  constructor(program: Program) {
    this.program = program;
    this.slots = computeLoopSlots(program);
    this.loops = loopCounts(this.slots);
  }

  initial(): Successor<TsoState> {
    const mem = Int32Array.from(this.program.locations.map((l) => l.init | 0));
    const threads = this.program.threads.map((t, i) => initialThreadState(t, this.loops[i]!));
    const step: StepInfo = { thread: -1, choice: 0, pc: -1 };
    for (let i = 0; i < threads.length; i++) {
      const out = runLocal(this.program.threads[i]!, this.slots[i]!, threads[i]!);
      if (out.kind === 'violation') return { kind: 'violation', property: out.property, step };
      if (out.kind === 'pruned') return { kind: 'violation', property: 'assume-false-initially', step };
    }
    const buffers = threads.map(() => [] as BufferedStore[]);
    return { kind: 'state', state: { mem, threads, buffers }, step };
  }

  successors(state: TsoState): Successor<TsoState>[] {
    const out: Successor<TsoState>[] = [];
    for (let ti = 0; ti < state.threads.length; ti++) {
      const s = this.execute(state, ti);
      if (s) out.push(s);
      const f = this.flush(state, ti);
      if (f) out.push(f);
    }
    return out;
  }

  /** Writes the oldest buffered store of thread `ti` to memory, if there is one. */
  flush(state: TsoState, ti: number): Successor<TsoState> | null {
    const buf = state.buffers[ti]!;
    const first = buf[0];
    if (!first) return null;
    const mem = state.mem.slice();
    mem[first.addr - 1] = first.value;
    const buffers = state.buffers.slice();
    buffers[ti] = buf.slice(1);
    const name = this.program.locations[first.addr - 1]?.name ?? `@${first.addr}`;
    const step: StepInfo = {
      thread: ti,
      choice: TSO_FLUSH,
      pc: -1,
      addr: first.addr,
      wrote: first.value,
      note: `flush ${name}=${first.value} from the store buffer to memory`,
    };
    return { kind: 'state', state: { mem, threads: state.threads, buffers }, step };
  }

  /** The value thread `ti` reads at `addr`: its newest buffered store there, else memory. */
  private readValue(state: TsoState, ti: number, addr: number): { value: number; forwarded: boolean } {
    const buf = state.buffers[ti]!;
    for (let i = buf.length - 1; i >= 0; i--) {
      if (buf[i]!.addr === addr) return { value: buf[i]!.value, forwarded: true };
    }
    return { value: state.mem[addr - 1]!, forwarded: false };
  }

  /** Thread `ti` executes its next shared instruction, or null if it cannot now. */
  execute(state: TsoState, ti: number): Successor<TsoState> | null {
    const t = state.threads[ti]!;
    if (t.status !== ST_RUNNING) return null;
    const thread = this.program.threads[ti]!;
    const instr = thread.code[t.pc]!;
    if (!isShared(instr)) return null;
    const bufferEmpty = state.buffers[ti]!.length === 0;
    let addr = 0;
    if (instr.op !== 'fence') {
      addr = evalExpr(instr.addr, t.regs);
      if (!isValidAddress(this.program, addr)) {
        return { kind: 'violation', property: BAD_ADDRESS, step: { thread: ti, choice: TSO_EXECUTE, pc: t.pc, instr, addr } };
      }
    }
    // LOCKed instructions and MFENCE drain the buffer first.
    const locked = instr.op === 'rmw' || instr.op === 'lock' || (instr.op === 'fence' && instr.kind === 'mb');
    if (locked && !bufferEmpty) return null;
    if (instr.op === 'lock' && state.mem[addr - 1] !== 0) return null;

    let mem = state.mem;
    let buffers = state.buffers;
    const nt = cloneThreadState(t);
    let read: number | undefined;
    let wrote: number | undefined;
    let note: string | undefined;
    const buffer = (value: number): void => {
      const next = state.buffers.slice();
      next[ti] = [...state.buffers[ti]!, { addr, value }];
      buffers = next;
      wrote = value;
      note = 'into the store buffer';
    };
    switch (instr.op) {
      case 'load': {
        const r = this.readValue(state, ti, addr);
        read = r.value;
        if (r.forwarded) note = 'forwarded from the own store buffer';
        nt.regs[instr.dst] = read;
        break;
      }
      case 'store':
        buffer(evalExpr(instr.value, t.regs));
        break;
      case 'unlock':
        buffer(0);
        break;
      case 'rmw': {
        read = state.mem[addr - 1]!;
        const ok = instr.guard === undefined || evalExpr(instr.guard, t.regs, read) !== 0;
        if (ok) {
          wrote = evalExpr(instr.value, t.regs, read);
          mem = state.mem.slice();
          mem[addr - 1] = wrote;
        }
        if (instr.dst !== undefined) nt.regs[instr.dst] = read;
        if (instr.ok !== undefined) nt.regs[instr.ok] = ok ? 1 : 0;
        break;
      }
      case 'lock':
        read = 0;
        wrote = 1;
        mem = state.mem.slice();
        mem[addr - 1] = 1;
        break;
      case 'fence':
        break;
    }
    const step: StepInfo = {
      thread: ti,
      choice: TSO_EXECUTE,
      pc: t.pc,
      instr,
      ...(instr.op !== 'fence' ? { addr } : {}),
      ...(read !== undefined ? { read } : {}),
      ...(wrote !== undefined ? { wrote } : {}),
      ...(note !== undefined ? { note } : {}),
    };
    nt.pc++;
    const local = runLocal(thread, this.slots[ti]!, nt);
    if (local.kind === 'pruned') return null;
    if (local.kind === 'violation') return { kind: 'violation', property: local.property, step };
    const threads = state.threads.slice();
    threads[ti] = nt;
    return { kind: 'state', state: { mem, threads, buffers }, step };
  }

  key(state: TsoState): string {
    let k = state.mem.join(',');
    for (let i = 0; i < state.threads.length; i++) {
      const t = state.threads[i]!;
      k += `|${t.pc},${t.status},${t.regs.join(',')};${t.loops.join(',')}`;
      for (const b of state.buffers[i]!) k += `;${b.addr}=${b.value}`;
    }
    return k;
  }

  view(state: TsoState): StateView {
    return {
      threads: state.threads,
      value: (addr) => state.mem[addr - 1] ?? 0,
      settled: state.buffers.every((b) => b.length === 0),
    };
  }

  isFinal(state: TsoState): boolean {
    return allDone(state.threads) && state.buffers.every((b) => b.length === 0);
  }
}
